#include "report/drivers.h"
