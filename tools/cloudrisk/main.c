/*
 * main.c -- `cloudrisk`: global options, then dispatch to a subcommand.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "cli.h"
#include "cloudrisk/version.h"
#ifdef CLOUDRISK_FAULT_INJECTION
#include "fault/fault.h"
#endif

static void print_help(FILE *fp)
{
    fprintf(fp,
            "Usage: cloudrisk [--data-dir DIR] COMMAND [ARGS]\n"
            "\n"
            "Risk assessment for cloud services against the Cloud Information Security\n"
            "Management Standard (2013 revision).\n"
            "\n"
            "Commands:\n");
    for (unsigned i = 0; i < cli_command_count; i++)
        fprintf(fp, "  %-10s %s\n", cli_commands[i].name, cli_commands[i].summary);
    fprintf(fp,
            "\n"
            "Options:\n"
            "  --data-dir DIR  read models/ and datasets/ from DIR (also $CLOUDRISK_DATA)\n"
            "  --version       print the version and exit\n"
            "  -h, --help      print this help and exit\n"
            "\n"
            "Run 'cloudrisk COMMAND --help' for a command's options.\n"
            "Exit status: 0 success, 1 a check failed, 2 usage error, 3 input error,\n"
            "4 I/O error, 5 out of memory, 6 internal error, 130 interrupted.\n");
}

int main(int argc, char **argv)
{
#ifdef CLOUDRISK_FAULT_INJECTION
    fault_setup_from_env(); /* the test build's fault injection (tools/fault/fault.c) */
#endif
    /* A file-size limit (ulimit -f) would otherwise kill the process with
     * SIGXFSZ in the middle of a write, leaving its temporary behind; ignored,
     * the write fails with EFBIG and is handled like any other write error. */
    signal(SIGXFSZ, SIG_IGN);
    const char *explicit_dir = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--version") == 0) {
            printf("cloudrisk %s\n", cr_version());
            return 0;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            print_help(stdout);
            return 0;
        } else if (strcmp(argv[i], "--data-dir") == 0 && i + 1 < argc) {
            explicit_dir = argv[++i];
        } else if (strncmp(argv[i], "--data-dir=", 11) == 0) {
            explicit_dir = argv[i] + 11;
        } else {
            fprintf(stderr, "cloudrisk: unknown option '%s'\nTry 'cloudrisk --help'.\n",
                    argv[i]);
            return CR_ERR_USAGE;
        }
    }
    if (i == argc) {
        print_help(stderr);
        return CR_ERR_USAGE;
    }
    const char *name = argv[i];
    if (strcmp(name, "help") == 0) {
        if (i + 1 < argc) {
            /* `cloudrisk help assess` is `cloudrisk assess --help`. */
            name = argv[i + 1];
            for (unsigned k = 0; k < cli_command_count; k++)
                if (strcmp(cli_commands[k].name, name) == 0) {
                    char help_flag[] = "--help";
                    char *sub_argv[] = {argv[i + 1], help_flag, NULL};
                    cli_context ctx = {"cloudrisk", NULL};
                    return cli_commands[k].run(&ctx, 2, sub_argv);
                }
            fprintf(stderr, "cloudrisk: no command '%s'\nTry 'cloudrisk help'.\n", name);
            return CR_ERR_USAGE;
        }
        print_help(stdout);
        return 0;
    }
    for (unsigned k = 0; k < cli_command_count; k++) {
        if (strcmp(cli_commands[k].name, name) != 0)
            continue;
        char dir_buf[4096];
        cr_error err;
        cr_error_clear(&err);
        cli_context ctx = {"cloudrisk", NULL};
        ctx.data_dir = cli_find_data_dir(explicit_dir, argv[0], dir_buf, sizeof dir_buf, &err);
        if (!ctx.data_dir) {
            /* --help must work even without data. */
            for (int a = i + 1; a < argc; a++)
                if (strcmp(argv[a], "--help") == 0 || strcmp(argv[a], "-h") == 0)
                    return cli_commands[k].run(&ctx, argc - i, argv + i);
            return cli_fail(&err);
        }
        optind = 1;
        return cli_commands[k].run(&ctx, argc - i, argv + i);
    }
    fprintf(stderr, "cloudrisk: no command '%s'\nTry 'cloudrisk help'.\n", name);
    return CR_ERR_USAGE;
}
