/* cancel.c -- see cloudrisk/cancel.h. */
#include "cloudrisk/cancel.h"

cr_status cr_cancel_check(const volatile sig_atomic_t *flag, cr_error *err)
{
    if (!cr_cancel_requested(flag))
        return CR_OK;
    return cr_error_set(err, CR_ERR_INTERRUPTED, NULL, 0, NULL,
                        "stopped before finishing; nothing half-written was left");
}
