// The XGBoost C API (Debian: libxgboost-dev 1.7; plain C header).
#include <xgboost/c_api.h>
