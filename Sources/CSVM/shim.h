// libsvm 3.x. Debian installs the header as <libsvm/svm.h>; Homebrew as <svm.h>.
#if __has_include(<libsvm/svm.h>)
#include <libsvm/svm.h>
#else
#include <svm.h>
#endif
