// timerfd(2), which Swift's Glibc module does not include.
#include <sys/timerfd.h>
// And malloc_trim(3), for the same reason: the daemon returns free memory after a reload.
#include <malloc.h>
