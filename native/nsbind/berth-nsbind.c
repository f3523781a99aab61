/*
 * berth-nsbind: binds a mount of a running container's mount namespace onto a path of berthd's,
 * so that `docker cp` reaches what the container has mounted: a --tmpfs (or tmpfs --mount),
 * which exists only in that namespace, and its binds, which only that namespace holds once
 * the container runs (src/volume/running-mounts.ts).
 *
 * Why a separate program: open_tree(OPEN_TREE_CLONE) refuses a mount of another mount
 * namespace (EINVAL), so the clone must be made from inside the container's namespace, and
 * setns(CLONE_NEWNS) is refused to a multi-threaded process such as node. Here the clone is
 * made in the container's namespace, then this process returns to its own (berthd's) and
 * attaches the detached clone there with move_mount. No shell, no busybox in the container.
 *
 * Usage: berth-nsbind CONTAINER-PATH TARGET
 *   fd 3: the container's mount namespace (/proc/PID/ns/mnt), opened by berthd;
 *   fd 4: the container's root directory (/proc/PID/root, O_PATH), opened by berthd.
 *   CONTAINER-PATH is resolved inside the container's root (openat2 RESOLVE_IN_ROOT: its
 *   symlinks and `..` never leave it), must be the root of a mount, and that mount (alone, not
 *   the mounts under it) is bound on TARGET, an existing path in berthd's namespace.
 * Exit: 0 bound; 1 a failure (message on stderr); 2 bad usage; 3 CONTAINER-PATH is not a
 * mount point (the container unmounted it: it sees the directory below, and so does cp).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif

static int fail(const char *what, const char *path) {
  fprintf(stderr, "berth-nsbind: %s %s: %s\n", what, path, strerror(errno));
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: berth-nsbind CONTAINER-PATH TARGET\n");
    return 2;
  }
  const char *p = argv[1], *target = argv[2];
  const int ctr_ns = 3, ctr_root = 4;
  int own_ns = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
  if (own_ns < 0) return fail("open", "/proc/self/ns/mnt");
  if (setns(ctr_ns, CLONE_NEWNS) != 0) return fail("setns", "the container's mount namespace");

  struct open_how how = {
      .flags = O_PATH | O_CLOEXEC,
      .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
  };
  int fd = (int)syscall(SYS_openat2, ctr_root, p, &how, sizeof how);
  if (fd < 0) return fail("open in the container", p);
  struct statx st;
  if (statx(fd, "", AT_EMPTY_PATH, 0, &st) != 0) return fail("statx in the container", p);
  if (!(st.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) || !(st.stx_attributes & STATX_ATTR_MOUNT_ROOT)) {
    fprintf(stderr, "berth-nsbind: %s is not a mount point in the container\n", p);
    return 3;
  }
  // The clone is made here: open_tree refuses a mount of another namespace than the caller's.
  int tree = (int)syscall(SYS_open_tree, fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
  if (tree < 0) return fail("open_tree in the container", p);

  if (setns(own_ns, CLONE_NEWNS) != 0) return fail("setns", "back to berthd's mount namespace");
  if (syscall(SYS_move_mount, tree, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) != 0)
    return fail("move_mount onto", target);
  return 0;
}
