// timerfd(2), which Swift's Glibc module does not include.
#include <sys/timerfd.h>
