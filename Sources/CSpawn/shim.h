// posix_spawn(3) with what Swift's Glibc module leaves out because glibc declares it only under
// _GNU_SOURCE: the file actions that close every descriptor from N up in the child (glibc 2.34)
// and change directory in the child (glibc 2.29), and pipe2(2), for pipes that close on exec.
// Debian 12 has glibc 2.36.
#include <spawn.h>
#include <unistd.h>
int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);
int pipe2(int pipefd[2], int flags);
