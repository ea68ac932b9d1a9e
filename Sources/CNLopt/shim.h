// NLopt 2.7 (Debian: libnlopt-dev).
#include <nlopt.h>
