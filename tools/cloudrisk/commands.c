/* commands.c -- the table of subcommands, in the pipeline's order. */
#include "cli.h"

const cli_command cli_commands[] = {
    {"controls", cmd_controls, "list, show and search the standard's controls"},
    {"checklist", cmd_checklist, "write a control-status checklist (CSV) to fill in"},
    {"assess", cmd_assess, "score the 21 cloud risks of a service and show the gaps"},
    {"simulate", cmd_simulate, "Monte Carlo annual loss: inherent, residual, target"},
    {"plan", cmd_plan, "treatment plan, approval sheet and report"},
    {"workshop", cmd_workshop, "workshop pack, participant sheets, merged estimates"},
    {"batch", cmd_batch, "re-assess a fleet of services into the register"},
    {"history", cmd_history, "a service's runs in the register"},
    {"diff", cmd_diff, "what changed between two runs"},
    {"register", cmd_register, "export or merge registers"},
};
const unsigned cli_command_count = sizeof cli_commands / sizeof cli_commands[0];
