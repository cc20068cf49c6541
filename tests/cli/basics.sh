#!/bin/sh
# basics.sh -- the command's global behaviour: help, version, exit codes.
. "$top_srcdir/tests/cli/lib.sh"

expect_exit 0 "--version" -- "$CLOUDRISK" --version
expect_in "$work/out" "cloudrisk " "--version prints the name"
expect_exit 0 "--help" -- "$CLOUDRISK" --help
expect_in "$work/out" "Usage: cloudrisk" "help has a usage line"
expect_in "$work/out" "assess" "help lists assess"
expect_exit 2 "no command is a usage error" -- "$CLOUDRISK"
expect_exit 2 "unknown command" -- "$CLOUDRISK" frobnicate
expect_in "$work/err" "no command 'frobnicate'" "unknown command is named"
expect_exit 2 "bad data dir" -- "$CLOUDRISK" --data-dir /nonexistent controls list
expect_in "$work/err" "models/model.json" "bad data dir says what it expected"
finish
