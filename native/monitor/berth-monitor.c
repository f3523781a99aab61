/*
 * berth-monitor: the small per-container (and per-exec) process that holds a container's
 * stdio, writes its json-file log, serves attach clients and records its exit status.
 * berthd starts one per container start and one per exec; it outlives berthd, so that berthd
 * can restart while containers run (live restore).
 *
 * Usage:
 *   berth-monitor --runtime PATH --runtime-root DIR --id ID --state-dir DIR
 *                 [--bundle DIR]                      (required unless --exec)
 *                 [--tty] [--stdin] [--attach-wait] [--start]
 *                 [--log-path FILE [--log-max-size BYTES] [--log-max-files N]]
 *                  [--log-driver json-file|local|journald] [--log-compress] [--log-attr KEY=VALUE]...]
 *                 [--exec --process FILE.json]
 *                 [--runtime-arg ARG]...              (global runtime options, e.g. --systemd-cgroup)
 *
 *   Container mode runs `RUNTIME --root DIR [ARG...] create --bundle B --pid-file P
 *   [--console-socket S] ID`; berthd then runs `RUNTIME start ID` itself. Exec mode runs
 *   `RUNTIME --root DIR [ARG...] exec --process F --pid-file P [--tty --console-socket S]
 *   --detach ID`. --tty must match the terminal field of config.json / the process file.
 *   --stdin gives the container a stdin pipe (else /dev/null). --attach-wait leaves the
 *   container's output unread (held in the pipe or pty, so nothing is lost) until the first
 *   attach client connects: for exec and `run -a`, whose output starts before berthd can
 *   connect. --start runs `RUNTIME run --detach` instead of create, so the container is
 *   running when the monitor reports (berthd then skips `start`). --log-max-size is in bytes (default: no rotation), --log-max-files counts the
 *   live file too (default 1), as Docker's json-file max-size / max-file.
 *
 * The starting process forks the monitor (setsid, child subreaper, SIGPIPE/SIGHUP ignored,
 * stdio on /dev/null) and exits once the runtime's create/exec step is over:
 *   0  success: STATE/monitor.json holds {"monitorPid":N,"containerPid":N}
 *   1  failure: STATE/error holds the runtime's message (also copied to stderr)
 *   2  bad usage (message on stderr)
 *
 * Files in STATE: monitor.json, error, pid (the runtime's pid file), attach.sock while the
 * container runs, exit.json once it has exited:
 *   {"exitCode":N,"signal":S|null,"finishedAt":"RFC3339Nano","oomKilled":false}
 * (exit code: the status, or 128+signal; oomKilled is berthd's to fill from the cgroup).
 *
 * attach.sock is a SOCK_STREAM unix socket. Frames both ways: 1 byte type, 4 bytes
 * big-endian payload length, payload.
 *   monitor -> client: 1 stdout, 2 stderr (raw chunks; a tty gives only 1), 3 exit (payload:
 *                      the exit code in decimal), sent after exit.json is written.
 *   client -> monitor: 0 stdin data, 4 close stdin (the container's stdin pipe is closed when
 *                      no other client still has its stdin open; ignored with a tty), 5 resize
 *                      (rows u16 BE, cols u16 BE; TIOCSWINSZ on the pty master).
 * Flow control: while a client has more than 1 MiB unsent, the monitor stops reading the
 * container's output (the container blocks on its full pipe, as under Docker, and nothing is
 * lost for a reader that is merely slower than the writer); a client that takes nothing for 5 s
 * in that state is dropped, so a stalled client holds the container up for 5 s at most.
 * The log is Docker's json-file format (attributes in "attrs"), or with --log-driver local the
 * local driver's: length-framed protobuf LogEntry records. --log-compress gzips each rotated
 * file (FILE.1.gz …) in a child process. With --log-driver journald, --log-path is journald's
 * native socket and each entry one datagram (MESSAGE, PRIORITY, the --log-attr fields, the
 * CONTAINER_PARTIAL_* fields), as moby's journald driver sends through go-systemd.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define READ_CHUNK 32768
#define LOG_LINE_MAX 16384 /* Docker's copier flushes a partial line at this size */
#define CLIENT_HIGH_WATER (1u << 20) /* past this, output waits for the client */
#define CLIENT_STALL_MS 5000         /* a client above it that takes nothing this long is dropped */
#define STDIN_QUEUE_MAX (1u << 20)
#define FRAME_MAX (1u << 20)
#define ERROR_MAX 65536
#define DRAIN_MS 2000    /* after the process exits, its pipes may stay quiet this long */
#define FAREWELL_MS 5000 /* time given to clients to take their last frames */
#define EARLY_MAX 32
#define SPATH (PATH_MAX + 64) /* a state dir path (< PATH_MAX) plus a file name */

enum { F_STDIN = 0, F_STDOUT = 1, F_STDERR = 2, F_EXIT = 3, F_CLOSE_STDIN = 4, F_RESIZE = 5 };

struct buf {
  char *p;
  size_t off, len, cap; /* live bytes are p[off, len) */
};

struct stream {
  int fd;
  int type; /* F_STDOUT or F_STDERR */
  const char *name;
  struct buf line; /* the pending partial line, for the log */
  struct timespec line_ts;
  /*
   * A line logged in pieces, as moby's copier marks it: every piece carries one random ID, its
   * ordinal (from 1) and the first piece's time; the piece that ends the line is "last".
   */
  int ordinal; /* the next piece's; 0 when no line is split */
  char partial_id[65];
  struct timespec partial_ts;
};

struct client {
  int fd;
  int dead;
  struct buf out;
  unsigned char hdr[5];
  unsigned hdr_got;
  unsigned char type;
  uint32_t left;
  unsigned char pay[4];
  unsigned pay_got;
  int stdin_state; /* 0 never wrote, 1 open, 2 closed */
  long long stalled_since; /* when it last took output while above the high-water mark, or -1 */
  int shut;                /* at the end: all sent, our side shut down, waiting for its close */
};

static struct {
  const char *runtime, *runtime_root, *id, *bundle, *state_dir, *log_path, *process;
  int tty, with_stdin, exec, attach_wait, start;
  long long log_max_size;
  int log_max_files;
  int log_local;    /* Docker's local driver format instead of json-file */
  int log_journald; /* datagrams to journald's native socket at log_path */
  int log_compress; /* gzip rotated files */
  const char *log_attr_k[64], *log_attr_v[64];
  int n_log_attrs;
  const char **rt_args;
  int n_rt_args;
} o = {.log_max_size = -1, .log_max_files = 1};
static pid_t compress_pid = -1; /* the child gzipping FILE.1, if one runs */

static char state_dir[PATH_MAX];
static char log_path[PATH_MAX];
static char console_path[SPATH];
static char console_tmpdir[PATH_MAX];

static int sig_fd = -1, listen_fd = -1, log_fd = -1, tty_fd = -1, stdin_fd = -1, pid_fd = -1;
static long long log_size;
static struct stream streams[2];
static int n_streams;
static struct buf stdin_q;
static int stdin_close_pending;
static struct client **clients;
static int n_clients, cap_clients;
static int reading = 1;
static long long last_output_ms;

static pid_t runtime_pid = -1, container_pid = -1;
static int runtime_done, runtime_status;
static int container_exited, container_status;
static struct timespec finished_at;
static struct {
  pid_t pid;
  int status;
  struct timespec at;
} early[EARLY_MAX];
static int n_early;

/* ---------- small utilities ---------- */

static void die_oom(void) {
  static const char m[] = "berth-monitor: out of memory\n";
  if (write(2, m, sizeof m - 1) < 0) {
  }
  abort();
}

static void buf_reserve(struct buf *b, size_t extra) {
  if (b->off > 0 && b->off == b->len) b->off = b->len = 0;
  if (b->len + extra <= b->cap) return;
  if (b->off > 0) { /* compact before growing */
    memmove(b->p, b->p + b->off, b->len - b->off);
    b->len -= b->off;
    b->off = 0;
    if (b->len + extra <= b->cap) return;
  }
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra) cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) die_oom();
  b->p = p;
  b->cap = cap;
}

static void buf_add(struct buf *b, const void *p, size_t n) {
  buf_reserve(b, n);
  memcpy(b->p + b->len, p, n);
  b->len += n;
}

static void buf_adds(struct buf *b, const char *s) { buf_add(b, s, strlen(s)); }

static size_t buf_size(const struct buf *b) { return b->len - b->off; }

static void buf_drop(struct buf *b, size_t n) {
  b->off += n;
  if (b->off >= b->len) b->off = b->len = 0;
}

static void buf_free(struct buf *b) {
  free(b->p);
  b->p = NULL;
  b->off = b->len = b->cap = 0;
}

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set_nonblock(int fd) {
  int fl = fcntl(fd, F_GETFL);
  if (fl >= 0) fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* Go's time.RFC3339Nano, as Docker writes it: UTC, trailing zeros of the fraction dropped. */
static void format_time(char *out, size_t n, const struct timespec *ts) {
  struct tm tm;
  gmtime_r(&ts->tv_sec, &tm);
  size_t k = strftime(out, n, "%Y-%m-%dT%H:%M:%S", &tm);
  if (ts->tv_nsec > 0) {
    char frac[16];
    snprintf(frac, sizeof frac, ".%09d", (int)(ts->tv_nsec % 1000000000));
    size_t f = strlen(frac);
    while (frac[f - 1] == '0') frac[--f] = 0;
    k += (size_t)snprintf(out + k, n - k, "%s", frac);
  }
  snprintf(out + k, n - k, "Z");
}

static void path_in_state(char *out, const char *name) {
  snprintf(out, SPATH, "%s/%s", state_dir, name);
}

/* temp file + fsync + rename: readers see the old file or the new, never half of one */
static int write_state_file(const char *name, const char *data, size_t len) {
  char tmp[SPATH], dst[SPATH];
  snprintf(tmp, sizeof tmp, "%s/.%s.tmp-%d", state_dir, name, (int)getpid());
  path_in_state(dst, name);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
    close(fd);
    unlink(tmp);
    return -1;
  }
  close(fd);
  if (rename(tmp, dst) < 0) {
    unlink(tmp);
    return -1;
  }
  return 0;
}

/* ---------- JSON and the json-file log ---------- */

/* Length of the valid UTF-8 sequence at s (RFC 3629, as Go decodes it), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else return 0;
  if (n < len || s[1] < lo || s[1] > hi) return 0;
  for (size_t i = 2; i < len; i++)
    if (s[i] < 0x80 || s[i] > 0xBF) return 0;
  return len;
}

/* Escapes as Docker's jsonlog: <, >, & and U+2028/9 as \uXXXX, invalid UTF-8 as \ufffd. */
static void json_escape(struct buf *b, const unsigned char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  size_t i = 0, start = 0;
  while (i < n) {
    unsigned char c = s[i];
    const char *esc = NULL;
    char u[7];
    size_t len = 1;
    if (c < 0x80) {
      if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') {
        i++;
        continue;
      }
      switch (c) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      case '\t': esc = "\\t"; break;
      default:
        snprintf(u, sizeof u, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
        esc = u;
      }
    } else {
      len = utf8_len(s + i, n - i);
      if (len == 0) {
        esc = "\\ufffd";
        len = 1;
      } else if (len == 3 && c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
        esc = s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
      } else {
        i += len;
        continue;
      }
    }
    buf_add(b, s + start, i - start);
    buf_adds(b, esc);
    i += len;
    start = i;
  }
  buf_add(b, s + start, n - start);
}

static int open_log(int trunc) {
  if (o.log_journald) {
    /* connect(2) once: each entry is then a send(2), and a journald restart is an error that
       the next entry's reconnect (log_fd reset in journal_send) gets past. */
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(log_path) >= sizeof a.sun_path) {
      errno = ENAMETOOLONG;
      return -1;
    }
    strcpy(a.sun_path, log_path);
    log_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (log_fd < 0) return -1;
    if (connect(log_fd, (struct sockaddr *)&a, sizeof a) < 0) {
      int e = errno;
      close(log_fd);
      log_fd = -1;
      errno = e;
      return -1;
    }
    return 0;
  }
  log_fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | (trunc ? O_TRUNC : 0), 0640);
  if (log_fd < 0) return -1;
  struct stat st;
  log_size = fstat(log_fd, &st) == 0 ? st.st_size : 0;
  return 0;
}

/* The time of the last entry written to the live file: the rotated file's gzip header keeps it. */
static struct timespec last_entry_ts;

/*
 * Gzips FILE.1 into FILE.1.gz in a child, so the container's output never waits for it (as
 * Docker's loggerutils compresses after rotating); FILE.1 goes only once FILE.1.gz is whole, so
 * a reader always finds one of them. The gzip header's extra field holds
 * {"lastTime":"<the file's last entry>"}, as loggerutils writes it (dockerd's `logs --since`
 * skips a whole file by it), hence zlib's deflate with a header rather than gzdopen.
 */
static void compress_rotated(void) {
  pid_t pid = fork();
  if (pid != 0) {
    compress_pid = pid; /* -1 on failure: the file stays uncompressed, still readable */
    return;
  }
  /* Nothing of the monitor's: a copy of the stdin pipe or a client socket would keep it open. */
  if (syscall(SYS_close_range, 3, ~0U, 0) < 0)
    for (int fd = 3; fd < 1024; fd++) close(fd);
  char from[PATH_MAX + 16], tmp[PATH_MAX + 24], to[PATH_MAX + 16];
  snprintf(from, sizeof from, "%s.1", log_path);
  snprintf(tmp, sizeof tmp, "%s.1.gz.tmp", log_path);
  snprintf(to, sizeof to, "%s.1.gz", log_path);
  int in = open(from, O_RDONLY | O_CLOEXEC);
  int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  /* 15 + 16: a gzip wrapper; level and memory as Go's gzip.NewWriter (DefaultCompression). */
  if (in < 0 || out < 0 || deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    _exit(1);
  char tb[64], extra[96];
  if (last_entry_ts.tv_sec == 0 && last_entry_ts.tv_nsec == 0) snprintf(tb, sizeof tb, "0001-01-01T00:00:00Z");
  else format_time(tb, sizeof tb, &last_entry_ts);
  int xl = snprintf(extra, sizeof extra, "{\"lastTime\":\"%s\"}", tb);
  gz_header h;
  memset(&h, 0, sizeof h);
  h.extra = (Bytef *)extra;
  h.extra_len = (uInt)xl;
  h.os = 255; /* "unknown", as Go's compress/gzip writes */
  if (deflateSetHeader(&zs, &h) != Z_OK) _exit(1);
  static unsigned char chunk[65536], zout[65536];
  int flush = Z_NO_FLUSH;
  while (flush != Z_FINISH) {
    ssize_t r = read(in, chunk, sizeof chunk);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      unlink(tmp);
      _exit(1);
    }
    flush = r == 0 ? Z_FINISH : Z_NO_FLUSH;
    zs.next_in = chunk;
    zs.avail_in = (uInt)r;
    do {
      zs.next_out = zout;
      zs.avail_out = sizeof zout;
      if (deflate(&zs, flush) == Z_STREAM_ERROR || write_all(out, (char *)zout, sizeof zout - zs.avail_out) < 0) {
        unlink(tmp);
        _exit(1);
      }
    } while (zs.avail_out == 0);
  }
  deflateEnd(&zs);
  if (close(out) < 0 || rename(tmp, to) < 0) {
    unlink(tmp);
    _exit(1);
  }
  unlink(from);
  _exit(0);
}

/*
 * Docker's rotation: FILE -> FILE.1 -> ... -> FILE.(N-1) (FILE.i.gz with compress); with one
 * file, truncate.
 */
static void rotate_log(void) {
  close(log_fd);
  log_fd = -1;
  if (o.log_max_files >= 2) {
    /* The previous compression must be done before FILE.1 is replaced. */
    if (compress_pid > 0) {
      int st;
      while (waitpid(compress_pid, &st, 0) < 0 && errno == EINTR) {
      }
      compress_pid = -1;
    }
    const char *ext = o.log_compress ? ".gz" : "";
    char from[PATH_MAX + 16], to[PATH_MAX + 16];
    for (int i = o.log_max_files - 1; i > 1; i--) {
      snprintf(from, sizeof from, "%s.%d%s", log_path, i - 1, ext);
      snprintf(to, sizeof to, "%s.%d%s", log_path, i, ext);
      rename(from, to);
    }
    snprintf(to, sizeof to, "%s.1", log_path);
    rename(log_path, to);
    if (o.log_compress) compress_rotated();
  }
  open_log(1);
}

/* ---------- the local driver's records (moby daemon/logger/local, entry.proto) ---------- */

static void pb_varint(struct buf *b, uint64_t v) {
  unsigned char t[10];
  size_t n = 0;
  do {
    t[n++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
    v >>= 7;
  } while (v);
  buf_add(b, t, n);
}

static void pb_bytes(struct buf *b, unsigned field, const void *p, size_t n) {
  pb_varint(b, (field << 3) | 2);
  pb_varint(b, n);
  buf_add(b, p, n);
}

static size_t pb_varint_len(uint64_t v) {
  size_t n = 1;
  while (v > 0x7f) {
    v >>= 7;
    n++;
  }
  return n;
}

/* A split line's piece: moby's PartialLogEntryMetadata. */
struct partial_meta {
  int last;
  const char *id;
  int ordinal;
};

/*
 * One LogEntry {source=1, time_nano=2, line=3 (without its newline), partial=4,
 * partial_log_metadata=5 {last=1, id=2, ordinal=3}, attrs=6 {key=1, value=2}} (moby's
 * daemon/logger/internal/logdriver/entry.proto), framed as the local driver does: 4-byte
 * big-endian size, the record, the size again. partial is set for every piece of a split line,
 * the last one included, as moby's messageToProto does.
 */
static void local_entry(struct buf *e, struct stream *s, const char *p, size_t n, const struct timespec *ts,
                        const struct partial_meta *pm) {
  static struct buf rec;
  rec.off = rec.len = 0;
  if (n > 0 && p[n - 1] == '\n') n--;
  pb_bytes(&rec, 1, s->name, strlen(s->name));
  pb_varint(&rec, 2 << 3);
  pb_varint(&rec, (uint64_t)ts->tv_sec * 1000000000ull + (uint64_t)ts->tv_nsec);
  if (n > 0) pb_bytes(&rec, 3, p, n);
  if (pm) {
    pb_varint(&rec, 4 << 3);
    pb_varint(&rec, 1);
    size_t il = strlen(pm->id);
    pb_varint(&rec, (5 << 3) | 2);
    pb_varint(&rec, (pm->last ? 2 : 0) + 1 + pb_varint_len(il) + il + 1 + pb_varint_len((uint64_t)pm->ordinal));
    if (pm->last) {
      pb_varint(&rec, 1 << 3);
      pb_varint(&rec, 1);
    }
    pb_bytes(&rec, 2, pm->id, il);
    pb_varint(&rec, 3 << 3);
    pb_varint(&rec, (uint64_t)pm->ordinal);
  }
  for (int i = 0; i < o.n_log_attrs; i++) {
    size_t kl = strlen(o.log_attr_k[i]), vl = strlen(o.log_attr_v[i]);
    pb_varint(&rec, (6 << 3) | 2);
    pb_varint(&rec, 2 + pb_varint_len(kl) + kl + (vl ? 1 + pb_varint_len(vl) + vl : 0));
    pb_bytes(&rec, 1, o.log_attr_k[i], kl);
    if (vl) pb_bytes(&rec, 2, o.log_attr_v[i], vl);
  }
  uint32_t size = (uint32_t)buf_size(&rec);
  unsigned char be[4] = {(unsigned char)(size >> 24), (unsigned char)(size >> 16), (unsigned char)(size >> 8),
                         (unsigned char)size};
  buf_add(e, be, 4);
  buf_add(e, rec.p + rec.off, size);
  buf_add(e, be, 4);
  if (rec.cap > 4 * LOG_LINE_MAX) buf_free(&rec);
}

/* stringid.GenerateRandomID's shape: 32 random bytes in hex. */
static void random_id(char out[65]) {
  unsigned char r[32];
  size_t got = 0;
  while (got < sizeof r) {
    ssize_t k = getrandom(r + got, sizeof r - got, 0);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) { /* no entropy source: an ID unique within this log is all readers need */
      struct timespec t;
      clock_gettime(CLOCK_REALTIME, &t);
      for (size_t i = got; i < sizeof r; i++) r[i] = (unsigned char)((t.tv_nsec >> (i % 4 * 8)) ^ (long)i);
      break;
    }
    got += (size_t)k;
  }
  for (size_t i = 0; i < sizeof r; i++) snprintf(out + 2 * i, 3, "%02x", r[i]);
}

/* One field of journald's native protocol: KEY=VALUE, or KEY, a 64-bit LE size and the bytes
   when VALUE holds a newline (systemd's "Native Journal Protocol"). */
static void journal_field(struct buf *e, const char *k, const char *v, size_t vl) {
  buf_adds(e, k);
  if (memchr(v, '\n', vl)) {
    unsigned char le[8];
    for (int i = 0; i < 8; i++) le[i] = (unsigned char)((uint64_t)vl >> (8 * i));
    buf_adds(e, "\n");
    buf_add(e, le, 8);
  } else buf_adds(e, "=");
  buf_add(e, v, vl);
  buf_adds(e, "\n");
}

/* moby's journald driver: the line without its newline, PRIORITY 3 (stderr) or 6, its fields. */
static void journal_entry(struct buf *e, struct stream *s, const char *p, size_t n, const struct partial_meta *pm) {
  char num[32];
  if (n > 0 && p[n - 1] == '\n') n--;
  journal_field(e, "MESSAGE", p, n);
  journal_field(e, "PRIORITY", s->type == F_STDERR ? "3" : "6", 1);
  for (int i = 0; i < o.n_log_attrs; i++)
    journal_field(e, o.log_attr_k[i], o.log_attr_v[i], strlen(o.log_attr_v[i]));
  if (pm) {
    journal_field(e, "CONTAINER_PARTIAL_ID", pm->id, strlen(pm->id));
    snprintf(num, sizeof num, "%d", pm->ordinal);
    journal_field(e, "CONTAINER_PARTIAL_ORDINAL", num, strlen(num));
    journal_field(e, "CONTAINER_PARTIAL_LAST", pm->last ? "true" : "false", pm->last ? 4 : 5);
    if (!pm->last) journal_field(e, "CONTAINER_PARTIAL_MESSAGE", "true", 4);
  }
}

/*
 * Sends one entry; one too big for a datagram goes as a sealed memfd passed with SCM_RIGHTS, as
 * sd_journal_send does. A failed send loses the entry (journald gone or full): the container's
 * output never waits for the journal.
 */
static void journal_send(const char *p, size_t n) {
  if (log_fd < 0 && open_log(0) < 0) return;
  if (send(log_fd, p, n, MSG_NOSIGNAL) >= 0) return;
  if (errno != EMSGSIZE && errno != ENOBUFS) {
    close(log_fd);
    log_fd = -1;
    return;
  }
  int mfd = (int)syscall(SYS_memfd_create, "journal-entry", 0x0001U /* MFD_CLOEXEC */ | 0x0002U /* MFD_ALLOW_SEALING */);
  if (mfd < 0) return;
  if (write_all(mfd, p, n) == 0) {
    fcntl(mfd, 1033 /* F_ADD_SEALS */, 0x0001 | 0x0002 | 0x0004 | 0x0008 /* seal seal, shrink, grow, write */);
    char cbuf[CMSG_SPACE(sizeof(int))];
    memset(cbuf, 0, sizeof cbuf);
    struct msghdr mh = {.msg_control = cbuf, .msg_controllen = sizeof cbuf};
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &mfd, sizeof(int));
    sendmsg(log_fd, &mh, MSG_NOSIGNAL);
  }
  close(mfd);
}

static void log_entry(struct stream *s, const char *p, size_t n, const struct timespec *ts) {
  static struct buf e;
  char tbuf[64];
  if (log_fd < 0 && log_path[0] == 0) return;
  e.off = e.len = 0;
  /* The pieces of a split line: one ID, ordinals from 1, the first piece's time (moby's copier). */
  struct partial_meta pm = {0, s->partial_id, 0};
  int split = 0;
  if (!(n > 0 && p[n - 1] == '\n')) {
    if (s->ordinal == 0) {
      random_id(s->partial_id);
      s->ordinal = 1;
      s->partial_ts = *ts;
    }
    pm.ordinal = s->ordinal++;
    split = 1;
  } else if (s->ordinal > 0) {
    pm.ordinal = s->ordinal;
    pm.last = 1;
    s->ordinal = 0;
    split = 1;
  }
  if (split) ts = &s->partial_ts;
  if (o.log_journald) {
    journal_entry(&e, s, p, n, split ? &pm : NULL);
    journal_send(e.p, e.len);
    if (e.cap > 4 * LOG_LINE_MAX) buf_free(&e);
    return;
  }
  if (o.log_local) local_entry(&e, s, p, n, ts, split ? &pm : NULL);
  else {
    /* jsonlog.JSONLogs' order: log, stream, attrs (keys sorted by berthd), time. */
    buf_adds(&e, "{\"log\":\"");
    json_escape(&e, (const unsigned char *)p, n);
    buf_adds(&e, "\",\"stream\":\"");
    buf_adds(&e, s->name);
    if (o.n_log_attrs > 0) {
      buf_adds(&e, "\",\"attrs\":{");
      for (int i = 0; i < o.n_log_attrs; i++) {
        buf_adds(&e, i ? ",\"" : "\"");
        json_escape(&e, (const unsigned char *)o.log_attr_k[i], strlen(o.log_attr_k[i]));
        buf_adds(&e, "\":\"");
        json_escape(&e, (const unsigned char *)o.log_attr_v[i], strlen(o.log_attr_v[i]));
        buf_adds(&e, "\"");
      }
      buf_adds(&e, "},\"time\":\"");
    } else buf_adds(&e, "\",\"time\":\"");
    format_time(tbuf, sizeof tbuf, ts);
    buf_adds(&e, tbuf);
    buf_adds(&e, "\"}\n");
  }
  if (o.log_max_size > 0 && log_size >= o.log_max_size) rotate_log();
  if (log_fd < 0 && open_log(0) < 0) return; /* lost: better than stopping the container */
  if (write_all(log_fd, e.p, e.len) == 0) log_size += (long long)e.len;
  last_entry_ts = *ts;
  if (e.cap > 4 * LOG_LINE_MAX) buf_free(&e);
}

/* One entry per line, a partial line flushed on its own once it reaches 16 KiB. */
static void log_output(struct stream *s, const char *p, size_t n, const struct timespec *ts) {
  if (log_path[0] == 0) return;
  while (n > 0) {
    const char *nl = memchr(p, '\n', n);
    size_t take = nl ? (size_t)(nl - p) + 1 : n;
    int complete = nl != NULL;
    if (buf_size(&s->line) == 0) s->line_ts = *ts;
    size_t room = LOG_LINE_MAX - buf_size(&s->line);
    if (take > room) {
      take = room;
      complete = 0;
    }
    if (complete && buf_size(&s->line) == 0) {
      log_entry(s, p, take, ts);
    } else {
      buf_add(&s->line, p, take);
      if (complete || buf_size(&s->line) >= LOG_LINE_MAX) {
        log_entry(s, s->line.p + s->line.off, buf_size(&s->line), &s->line_ts);
        s->line.off = s->line.len = 0;
      }
    }
    p += take;
    n -= take;
  }
}

static void flush_partial_line(struct stream *s) {
  if (buf_size(&s->line) > 0) log_entry(s, s->line.p + s->line.off, buf_size(&s->line), &s->line_ts);
  buf_free(&s->line);
}

/* ---------- attach clients ---------- */

static void drop_client(struct client *c) {
  if (c->dead) return;
  c->dead = 1;
  close(c->fd);
  c->fd = -1;
  buf_free(&c->out);
}

static void flush_client(struct client *c) {
  int wrote = 0;
  while (!c->dead && buf_size(&c->out) > 0) {
    ssize_t w = send(c->fd, c->out.p + c->out.off, buf_size(&c->out), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) drop_client(c);
      break;
    }
    buf_drop(&c->out, (size_t)w);
    wrote = 1;
  }
  if (c->dead) return;
  if (buf_size(&c->out) < CLIENT_HIGH_WATER) c->stalled_since = -1;
  else if (c->stalled_since < 0 || wrote) c->stalled_since = now_ms();
  if (c->out.cap > 4 * READ_CHUNK && buf_size(&c->out) == 0) buf_free(&c->out);
}

static void send_frame(struct client *c, int type, const char *p, size_t n) {
  if (c->dead) return;
  unsigned char h[5] = {(unsigned char)type, (unsigned char)(n >> 24), (unsigned char)(n >> 16),
                        (unsigned char)(n >> 8), (unsigned char)n};
  buf_add(&c->out, h, 5);
  buf_add(&c->out, p, n);
  flush_client(c);
}

static void broadcast(int type, const char *p, size_t n) {
  for (int i = 0; i < n_clients; i++) send_frame(clients[i], type, p, n);
}

static void sweep_clients(void) {
  int j = 0;
  for (int i = 0; i < n_clients; i++) {
    if (clients[i]->dead) free(clients[i]);
    else clients[j++] = clients[i];
  }
  n_clients = j;
}

static void close_stdin_now(void) {
  if (stdin_fd >= 0) close(stdin_fd);
  stdin_fd = -1;
  stdin_close_pending = 0;
  buf_free(&stdin_q);
}

static void flush_stdin(void) {
  while (stdin_fd >= 0 && buf_size(&stdin_q) > 0) {
    ssize_t w = write(stdin_fd, stdin_q.p + stdin_q.off, buf_size(&stdin_q));
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) return;
      close_stdin_now(); /* EPIPE: the container closed its stdin; its data has nowhere to go */
      return;
    }
    buf_drop(&stdin_q, (size_t)w);
  }
  if (stdin_fd >= 0 && stdin_close_pending && buf_size(&stdin_q) == 0) close_stdin_now();
}

static void request_close_stdin(struct client *c) {
  c->stdin_state = 2;
  if (o.tty || stdin_fd < 0) return;
  for (int i = 0; i < n_clients; i++)
    if (!clients[i]->dead && clients[i]->stdin_state == 1) return;
  stdin_close_pending = 1;
  flush_stdin();
}

static void frame_done(struct client *c) {
  if (c->type == F_CLOSE_STDIN) request_close_stdin(c);
  else if (c->type == F_RESIZE && c->pay_got == 4 && tty_fd >= 0) {
    struct winsize ws = {0};
    ws.ws_row = (unsigned short)(c->pay[0] << 8 | c->pay[1]);
    ws.ws_col = (unsigned short)(c->pay[2] << 8 | c->pay[3]);
    ioctl(tty_fd, TIOCSWINSZ, &ws);
  }
  c->hdr_got = 0;
  c->pay_got = 0;
}

static void client_input(struct client *c, const unsigned char *p, size_t n) {
  while (n > 0 && !c->dead) {
    if (c->hdr_got < 5) {
      size_t k = 5 - c->hdr_got < n ? 5 - c->hdr_got : n;
      memcpy(c->hdr + c->hdr_got, p, k);
      c->hdr_got += (unsigned)k;
      p += k;
      n -= k;
      if (c->hdr_got == 5) {
        c->type = c->hdr[0];
        c->left = (uint32_t)c->hdr[1] << 24 | (uint32_t)c->hdr[2] << 16 | (uint32_t)c->hdr[3] << 8 | c->hdr[4];
        if (c->left > FRAME_MAX) {
          drop_client(c);
          return;
        }
        if (c->type == F_STDIN && c->stdin_state == 0) c->stdin_state = 1;
        if (c->left == 0) frame_done(c);
      }
      continue;
    }
    size_t k = c->left < n ? c->left : n;
    if (c->type == F_STDIN) {
      if (stdin_fd >= 0 && !stdin_close_pending && c->stdin_state == 1) {
        buf_add(&stdin_q, p, k);
        flush_stdin();
      }
    } else if (c->type == F_RESIZE) {
      for (size_t i = 0; i < k && c->pay_got < 4; i++) c->pay[c->pay_got++] = p[i];
    }
    p += k;
    n -= k;
    c->left -= (uint32_t)k;
    if (c->left == 0) frame_done(c);
  }
}

static void accept_clients(void) {
  for (;;) {
    int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return; /* EAGAIN, or EMFILE and the like: try again on the next wake-up */
    }
    struct client *c = calloc(1, sizeof *c);
    if (!c) die_oom();
    c->fd = fd;
    c->stalled_since = -1;
    if (n_clients == cap_clients) {
      int cap = cap_clients ? cap_clients * 2 : 8;
      struct client **nc = realloc(clients, (size_t)cap * sizeof *nc);
      if (!nc) die_oom();
      clients = nc;
      cap_clients = cap;
    }
    clients[n_clients++] = c;
    reading = 1;
  }
}

static void read_client(struct client *c) {
  unsigned char b[16384];
  for (;;) {
    ssize_t r = read(c->fd, b, sizeof b);
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN) drop_client(c);
      return;
    }
    if (r == 0) {
      drop_client(c);
      return;
    }
    client_input(c, b, (size_t)r);
    if ((size_t)r < sizeof b || buf_size(&stdin_q) >= STDIN_QUEUE_MAX) return;
  }
}

/* ---------- the container's output ---------- */

static void close_stream(struct stream *s) {
  flush_partial_line(s);
  if (s->fd >= 0) close(s->fd);
  s->fd = -1;
}

static void read_stream(struct stream *s) {
  static char chunk[READ_CHUNK];
  ssize_t r;
  do r = read(s->fd, chunk, sizeof chunk);
  while (r < 0 && errno == EINTR);
  if (r < 0 && errno == EAGAIN) return;
  if (r <= 0) { /* EOF, or EIO from a pty master whose slave is gone */
    close_stream(s);
    return;
  }
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  last_output_ms = now_ms();
  log_output(s, chunk, (size_t)r, &ts);
  broadcast(s->type, chunk, (size_t)r);
}

/* ---------- children ---------- */

static void record_exit(pid_t pid, int status, const struct timespec *at) {
  if (pid == compress_pid) {
    compress_pid = -1;
  } else if (pid == runtime_pid) {
    runtime_done = 1;
    runtime_status = status;
  } else if (container_pid > 0 && pid == container_pid) {
    container_exited = 1;
    container_status = status;
    finished_at = *at;
    last_output_ms = now_ms(); /* what it wrote last may still sit in the pipes */
  } else if (container_pid <= 0) { /* maybe the exec'd process, gone before we know its pid */
    int i = n_early < EARLY_MAX ? n_early++ : (int)(pid % EARLY_MAX);
    early[i].pid = pid;
    early[i].status = status;
    early[i].at = *at;
  }
}

/* As a subreaper we inherit every orphan of the container: reap them all. */
static void reap(void) {
  struct signalfd_siginfo si;
  while (read(sig_fd, &si, sizeof si) > 0) {
  }
  for (;;) {
    int st;
    pid_t p = waitpid(-1, &st, WNOHANG);
    if (p < 0 && errno == EINTR) continue;
    if (p <= 0) break;
    struct timespec at;
    clock_gettime(CLOCK_REALTIME, &at);
    record_exit(p, st, &at);
  }
}

static int exit_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

static pid_t spawn(char *const argv[], int in, int out, int err) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(127);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  signal(SIGPIPE, SIG_DFL); /* ignored dispositions survive exec: the container must not inherit them */
  signal(SIGHUP, SIG_DFL);
  execvp(argv[0], argv);
  dprintf(2, "cannot run the OCI runtime %s: %s\n", argv[0], strerror(errno));
  _exit(127);
}

/* ---------- set-up ---------- */

static struct buf error_text;

static void fail(const char *fmt, ...) {
  char m[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(m, sizeof m, fmt, ap);
  va_end(ap);
  buf_adds(&error_text, m);
}

static int bind_unix(const char *dir, const char *name, int backlog) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  struct sockaddr_un sa = {.sun_family = AF_UNIX};
  snprintf(sa.sun_path, sizeof sa.sun_path, "%s", name);
  /* a relative name in the directory lifts the 108-byte sun_path limit off the state dir */
  if (chdir(dir) < 0) goto err;
  unlink(name);
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || chmod(name, 0600) < 0) goto err;
  if (chdir("/") < 0 || listen(fd, backlog) < 0) goto err;
  return fd;
err:;
  int e = errno;
  close(fd);
  if (chdir("/") < 0) {
  }
  errno = e;
  return -1;
}

static int receive_console(int conn) {
  char name[4096];
  char ctl[CMSG_SPACE(sizeof(int))];
  struct iovec iov = {name, sizeof name};
  struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl};
  ssize_t r;
  do r = recvmsg(conn, &mh, MSG_CMSG_CLOEXEC);
  while (r < 0 && errno == EINTR);
  if (r < 0) return errno == EAGAIN ? 0 : -1;
  for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
    if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
      memcpy(&tty_fd, CMSG_DATA(cm), sizeof(int));
      return 1;
    }
  }
  return -1; /* closed or sent no fd */
}

static void read_into(int fd, struct buf *b) {
  char t[4096];
  for (;;) {
    ssize_t r = read(fd, t, sizeof t);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return;
    if (buf_size(b) < ERROR_MAX) buf_add(b, t, (size_t)r);
  }
}

/* Runs the runtime's create or exec step; fills error_text and returns -1 on failure. */
static int run_runtime(void) {
  int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  int in_p[2] = {-1, -1}, out_p[2] = {-1, -1}, err_p[2] = {-1, -1}, rt_p[2] = {-1, -1};
  int console_fd = -1, console_conn = -1;
  char pid_file[SPATH];
  struct buf rt_out = {0};
  int ret = -1;
  if (devnull < 0) {
    fail("cannot open /dev/null: %s", strerror(errno));
    return -1;
  }
  path_in_state(pid_file, "pid");
  unlink(pid_file);

  if (o.tty) {
    if (strlen(state_dir) + sizeof "/console.sock" <= sizeof(((struct sockaddr_un *)0)->sun_path)) {
      snprintf(console_tmpdir, sizeof console_tmpdir, "%s", state_dir);
    } else { /* the runtime connects by absolute path: it must fit sun_path */
      snprintf(console_tmpdir, sizeof console_tmpdir, "/tmp/berth-console-XXXXXX");
      if (!mkdtemp(console_tmpdir)) {
        fail("cannot create a console socket directory: %s", strerror(errno));
        console_tmpdir[0] = 0;
        goto out;
      }
    }
    snprintf(console_path, sizeof console_path, "%s/console.sock", console_tmpdir);
    console_fd = bind_unix(console_tmpdir, "console.sock", 1);
    if (console_fd < 0) {
      fail("cannot listen on the console socket %s: %s", console_path, strerror(errno));
      goto out;
    }
    if (pipe2(rt_p, O_CLOEXEC) < 0) {
      fail("cannot create a pipe: %s", strerror(errno));
      goto out;
    }
  } else {
    if (pipe2(out_p, O_CLOEXEC) < 0 || pipe2(err_p, O_CLOEXEC) < 0 ||
        (o.with_stdin && pipe2(in_p, O_CLOEXEC) < 0)) {
      fail("cannot create a pipe: %s", strerror(errno));
      goto out;
    }
  }

  const char *argv[64 + 16];
  int a = 0;
  argv[a++] = o.runtime;
  argv[a++] = "--root";
  argv[a++] = o.runtime_root;
  for (int i = 0; i < o.n_rt_args; i++) argv[a++] = o.rt_args[i];
  if (o.exec) {
    argv[a++] = "exec";
    argv[a++] = "--process";
    argv[a++] = o.process;
  } else {
    /* --start: `run --detach` creates and starts in one runtime process (one Go start-up
     * less on every container start); berthd then does not run `start` itself. */
    argv[a++] = o.start ? "run" : "create";
    if (o.start) argv[a++] = "--detach";
    argv[a++] = "--bundle";
    argv[a++] = o.bundle;
  }
  argv[a++] = "--pid-file";
  argv[a++] = pid_file;
  if (o.tty) {
    if (o.exec) argv[a++] = "--tty";
    argv[a++] = "--console-socket";
    argv[a++] = console_path;
  }
  if (o.exec) argv[a++] = "--detach";
  argv[a++] = o.id;
  argv[a] = NULL;

  if (o.tty) runtime_pid = spawn((char *const *)argv, devnull, rt_p[1], rt_p[1]);
  else runtime_pid = spawn((char *const *)argv, in_p[0] >= 0 ? in_p[0] : devnull, out_p[1], err_p[1]);
  if (runtime_pid < 0) {
    fail("cannot fork: %s", strerror(errno));
    goto out;
  }
  if (rt_p[1] >= 0) close(rt_p[1]), rt_p[1] = -1;
  if (in_p[0] >= 0) close(in_p[0]), in_p[0] = -1;
  if (out_p[1] >= 0) close(out_p[1]), out_p[1] = -1;
  if (err_p[1] >= 0) close(err_p[1]), err_p[1] = -1;
  if (rt_p[0] >= 0) set_nonblock(rt_p[0]);

  /* Wait for the runtime, taking the pty master it sends meanwhile. */
  while (!runtime_done) {
    struct pollfd p[4];
    int n = 0;
    p[n++] = (struct pollfd){sig_fd, POLLIN, 0};
    if (rt_p[0] >= 0) p[n++] = (struct pollfd){rt_p[0], POLLIN, 0};
    if (console_fd >= 0 && console_conn < 0 && tty_fd < 0) p[n++] = (struct pollfd){console_fd, POLLIN, 0};
    if (console_conn >= 0) p[n++] = (struct pollfd){console_conn, POLLIN, 0};
    if (poll(p, (nfds_t)n, -1) < 0) {
      if (errno == EINTR) continue;
      fail("poll: %s", strerror(errno));
      goto out;
    }
    for (int i = 0; i < n; i++) {
      if (!p[i].revents) continue;
      if (p[i].fd == sig_fd) reap();
      else if (p[i].fd == rt_p[0]) read_into(rt_p[0], &rt_out);
      else if (p[i].fd == console_fd && console_conn < 0)
        console_conn = accept4(console_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
      else if (p[i].fd == console_conn) {
        int r = receive_console(console_conn);
        if (r != 0) close(console_conn), console_conn = -1;
      }
    }
  }
  if (rt_p[0] >= 0) read_into(rt_p[0], &rt_out);
  if (!o.tty) { /* the runtime wrote its errors on the container's pipes */
    set_nonblock(err_p[0]);
    set_nonblock(out_p[0]);
  }

  if (!WIFEXITED(runtime_status) || WEXITSTATUS(runtime_status) != 0) {
    if (!o.tty) {
      read_into(err_p[0], &rt_out);
      read_into(out_p[0], &rt_out);
    }
    while (buf_size(&rt_out) > 0 && strchr(" \t\r\n", rt_out.p[rt_out.len - 1])) rt_out.len--;
    if (buf_size(&rt_out) > 0) buf_add(&error_text, rt_out.p + rt_out.off, buf_size(&rt_out));
    else if (WIFEXITED(runtime_status))
      fail("%s %s exited with status %d", o.runtime, o.exec ? "exec" : "create", WEXITSTATUS(runtime_status));
    else fail("%s %s was killed by signal %d", o.runtime, o.exec ? "exec" : "create", WTERMSIG(runtime_status));
    goto out;
  }

  if (o.tty && tty_fd < 0) { /* it may have connected and exited before we polled */
    if (console_conn < 0) console_conn = accept4(console_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (console_conn >= 0) receive_console(console_conn);
    if (tty_fd < 0) {
      fail("%s %s succeeded but sent no pty master to the console socket", o.runtime,
           o.exec ? "exec" : "create");
      goto out;
    }
  }

  char pid_text[32] = {0};
  int pf = open(pid_file, O_RDONLY | O_CLOEXEC);
  ssize_t pr = pf >= 0 ? read(pf, pid_text, sizeof pid_text - 1) : -1;
  if (pf >= 0) close(pf);
  container_pid = pr > 0 ? (pid_t)atoi(pid_text) : 0;
  if (container_pid <= 0) {
    fail("cannot read the process id the runtime wrote to %s", pid_file);
    goto out;
  }

  if (o.tty) {
    set_nonblock(tty_fd);
    streams[0] = (struct stream){.fd = fcntl(tty_fd, F_DUPFD_CLOEXEC, 3), F_STDOUT, "stdout"};
    n_streams = 1;
    if (o.with_stdin) stdin_fd = fcntl(tty_fd, F_DUPFD_CLOEXEC, 3);
  } else {
    streams[0] = (struct stream){.fd = out_p[0], F_STDOUT, "stdout"};
    streams[1] = (struct stream){.fd = err_p[0], F_STDERR, "stderr"};
    out_p[0] = err_p[0] = -1;
    n_streams = 2;
    if (in_p[1] >= 0) {
      stdin_fd = in_p[1];
      in_p[1] = -1;
      set_nonblock(stdin_fd);
    }
  }
  for (int i = 0; i < n_early; i++) {
    if (early[i].pid == container_pid) record_exit(container_pid, early[i].status, &early[i].at);
  }
  if (!container_exited) {
    /* the safety net if the process is somehow not our child: learn of its end anyway */
    pid_fd = (int)syscall(SYS_pidfd_open, container_pid, 0);
  }
  ret = 0;

out:
  if (console_conn >= 0) close(console_conn);
  if (console_fd >= 0) close(console_fd);
  if (console_path[0]) unlink(console_path);
  if (console_tmpdir[0] && strcmp(console_tmpdir, state_dir) != 0) rmdir(console_tmpdir);
  for (int i = 0; i < 2; i++) {
    if (in_p[i] >= 0) close(in_p[i]);
    if (out_p[i] >= 0) close(out_p[i]);
    if (err_p[i] >= 0) close(err_p[i]);
    if (rt_p[i] >= 0) close(rt_p[i]);
  }
  close(devnull);
  buf_free(&rt_out);
  return ret;
}

/* ---------- after the exit ---------- */

static void finish(void) {
  char text[256], tbuf[64], code[16];
  for (int i = 0; i < n_streams; i++) close_stream(&streams[i]);
  int st = container_status;
  int c = container_exited ? exit_code(st) : 255;
  format_time(tbuf, sizeof tbuf, &finished_at);
  char sig[16] = "null";
  if (container_exited && WIFSIGNALED(st)) snprintf(sig, sizeof sig, "%d", WTERMSIG(st));
  int n = snprintf(text, sizeof text, "{\"exitCode\":%d,\"signal\":%s,\"finishedAt\":\"%s\",\"oomKilled\":false}\n", c,
                   sig, tbuf);
  write_state_file("exit.json", text, (size_t)n);
  if (log_fd >= 0) close(log_fd);

  char sock[SPATH];
  path_in_state(sock, "attach.sock");
  close(listen_fd);
  unlink(sock);
  int cn = snprintf(code, sizeof code, "%d", c);
  broadcast(F_EXIT, code, (size_t)cn);

  /* A graceful close: a client's last frames sent, our side shut down, its side read until it
   * closes. Closing at once would fail a write the client makes meanwhile (a stdin frame sent
   * as the container exits) with EPIPE, and a client that dies of that error (Node destroys
   * the socket) never reads the output and exit frames already in its receive queue. */
  long long deadline = now_ms() + FAREWELL_MS;
  for (;;) {
    sweep_clients();
    struct pollfd p[256];
    struct client *who[256];
    int k = 0;
    for (int i = 0; i < n_clients && k < 256; i++) {
      struct client *cl = clients[i];
      if (buf_size(&cl->out) == 0 && !cl->shut) {
        shutdown(cl->fd, SHUT_WR);
        cl->shut = 1;
      }
      who[k] = cl;
      p[k++] = (struct pollfd){cl->fd, cl->shut ? POLLIN : POLLOUT, 0};
    }
    long long left = deadline - now_ms();
    if (k == 0 || left <= 0) break;
    if (poll(p, (nfds_t)k, (int)left) < 0 && errno != EINTR) break;
    for (int i = 0; i < k; i++) {
      if (!p[i].revents) continue;
      if (!who[i]->shut) {
        flush_client(who[i]);
        continue;
      }
      char junk[4096];
      ssize_t r = read(who[i]->fd, junk, sizeof junk);
      if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) drop_client(who[i]);
    }
  }
  for (int i = 0; i < n_clients; i++) drop_client(clients[i]);
  exit(0);
}

static void main_loop(void) {
  struct pollfd *p = NULL;
  void **tag = NULL;
  int cap = 0;
  static char t_sig, t_listen, t_stdin, t_pid;

  for (;;) {
    long long now = now_ms(), wake = -1;
    int held = 0; /* some client is behind: leave the output in the pipes */
    for (int i = 0; i < n_clients; i++) {
      struct client *c = clients[i];
      if (c->dead || c->stalled_since < 0) continue;
      if (now - c->stalled_since >= CLIENT_STALL_MS) drop_client(c);
      else {
        held = 1;
        if (wake < 0 || c->stalled_since + CLIENT_STALL_MS < wake) wake = c->stalled_since + CLIENT_STALL_MS;
      }
    }
    sweep_clients();
    int pump = reading && !held;
    if (!pump) last_output_ms = now;
    if (container_exited) {
      int open_streams = 0;
      for (int i = 0; i < n_streams; i++) open_streams += streams[i].fd >= 0;
      /* done at EOF, or once pipes held open by a stray process stay quiet */
      if (open_streams == 0 || now - last_output_ms >= DRAIN_MS) finish();
      if (wake < 0 || last_output_ms + DRAIN_MS < wake) wake = last_output_ms + DRAIN_MS;
    }

    int need = 4 + n_streams + n_clients;
    if (need > cap) {
      cap = need * 2;
      p = realloc(p, (size_t)cap * sizeof *p);
      tag = realloc(tag, (size_t)cap * sizeof *tag);
      if (!p || !tag) die_oom();
    }
    int n = 0;
    p[n] = (struct pollfd){sig_fd, POLLIN, 0}, tag[n++] = &t_sig;
    p[n] = (struct pollfd){listen_fd, POLLIN, 0}, tag[n++] = &t_listen;
    if (pid_fd >= 0) p[n] = (struct pollfd){pid_fd, POLLIN, 0}, tag[n++] = &t_pid;
    for (int i = 0; i < n_streams && pump; i++)
      if (streams[i].fd >= 0) p[n] = (struct pollfd){streams[i].fd, POLLIN, 0}, tag[n++] = &streams[i];
    if (stdin_fd >= 0 && buf_size(&stdin_q) > 0) p[n] = (struct pollfd){stdin_fd, POLLOUT, 0}, tag[n++] = &t_stdin;
    int take_input = buf_size(&stdin_q) < STDIN_QUEUE_MAX; /* backpressure from a full stdin */
    for (int i = 0; i < n_clients; i++) {
      short ev = (short)((take_input ? POLLIN : 0) | (buf_size(&clients[i]->out) > 0 ? POLLOUT : 0));
      p[n] = (struct pollfd){clients[i]->fd, ev, 0}, tag[n++] = clients[i];
    }

    int timeout = wake < 0 ? -1 : wake <= now ? 0 : (int)(wake - now);
    if (poll(p, (nfds_t)n, timeout) < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      abort();
    }
    for (int i = 0; i < n; i++) {
      short re = p[i].revents;
      if (!re) continue;
      if (tag[i] == &t_sig) reap();
      else if (tag[i] == &t_listen) accept_clients();
      else if (tag[i] == &t_pid) {
        reap();
        if (!container_exited) { /* not our child after all: its status is lost */
          container_exited = 1;
          container_status = 255 << 8;
          clock_gettime(CLOCK_REALTIME, &finished_at);
          last_output_ms = now_ms();
        }
        close(pid_fd);
        pid_fd = -1;
      } else if (tag[i] == &t_stdin) {
        if (re & (POLLERR | POLLHUP)) close_stdin_now();
        else flush_stdin();
      } else if (tag[i] == &streams[0] || tag[i] == &streams[1]) {
        struct stream *s = tag[i];
        if (s->fd >= 0) read_stream(s);
      } else {
        struct client *c = tag[i];
        if (c->dead) continue;
        if (re & POLLOUT) flush_client(c);
        if (!c->dead && (re & (POLLIN | POLLHUP | POLLERR))) read_client(c);
      }
    }
    sweep_clients();
  }
}

/* ---------- entry ---------- */

static void usage(const char *msg, const char *arg) {
  fprintf(stderr, "berth-monitor: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
  fprintf(stderr,
          "usage: berth-monitor --runtime PATH --runtime-root DIR --id ID --state-dir DIR [--bundle DIR]\n"
          "       [--tty] [--stdin] [--attach-wait] [--log-path FILE [--log-max-size BYTES] [--log-max-files N]]\n"
          "       [--exec --process FILE.json] [--runtime-arg ARG]...\n");
  exit(2);
}

static void parse_args(int argc, char **argv) {
  static const char *rt_args[64];
  o.rt_args = rt_args;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **val = NULL;
    const char *num = NULL;
    if (!strcmp(a, "--tty")) o.tty = 1;
    else if (!strcmp(a, "--stdin")) o.with_stdin = 1;
    else if (!strcmp(a, "--exec")) o.exec = 1;
    else if (!strcmp(a, "--attach-wait")) o.attach_wait = 1;
    else if (!strcmp(a, "--start")) o.start = 1;
    else if (!strcmp(a, "--log-compress")) o.log_compress = 1;
    else if (!strcmp(a, "--log-driver") || !strcmp(a, "--log-attr")) val = &num;
    else if (!strcmp(a, "--runtime")) val = &o.runtime;
    else if (!strcmp(a, "--runtime-root")) val = &o.runtime_root;
    else if (!strcmp(a, "--id")) val = &o.id;
    else if (!strcmp(a, "--bundle")) val = &o.bundle;
    else if (!strcmp(a, "--state-dir")) val = &o.state_dir;
    else if (!strcmp(a, "--log-path")) val = &o.log_path;
    else if (!strcmp(a, "--process")) val = &o.process;
    else if (!strcmp(a, "--log-max-size") || !strcmp(a, "--log-max-files") || !strcmp(a, "--runtime-arg")) val = &num;
    else usage("unknown option", a);
    if (!val) continue;
    if (++i >= argc) usage("missing value for", a);
    *val = argv[i];
    if (val != &num) continue;
    if (!strcmp(a, "--log-driver")) {
      if (!strcmp(num, "local")) o.log_local = 1;
      else if (!strcmp(num, "journald")) o.log_journald = 1;
      else if (strcmp(num, "json-file")) usage("--log-driver is json-file, local or journald, not", num);
      continue;
    }
    if (!strcmp(a, "--log-attr")) {
      char *eq = strchr(num, '=');
      if (!eq || eq == num) usage("--log-attr needs KEY=VALUE, not", num);
      if (o.n_log_attrs >= 64) usage("too many --log-attr", NULL);
      *eq = 0;
      o.log_attr_k[o.n_log_attrs] = num;
      o.log_attr_v[o.n_log_attrs++] = eq + 1;
      continue;
    }
    if (!strcmp(a, "--runtime-arg")) {
      if (o.n_rt_args >= 64) usage("too many --runtime-arg", NULL);
      rt_args[o.n_rt_args++] = num;
      continue;
    }
    char *end;
    errno = 0;
    long long v = strtoll(num, &end, 10);
    if (errno || *end || end == num || v < 1) usage("bad number for", a);
    if (!strcmp(a, "--log-max-size")) o.log_max_size = v;
    else if (v > 1000) usage("--log-max-files is at most 1000", NULL);
    else o.log_max_files = (int)v;
  }
  if (!o.runtime || !o.runtime_root || !o.id || !o.state_dir) usage("missing a required option", NULL);
  if (o.exec && !o.process) usage("--exec needs --process", NULL);
  if (!o.exec && !o.bundle) usage("--bundle is required unless --exec", NULL);
}

/* Paths are made absolute before the monitor leaves its caller's working directory. */
static const char *absolute(const char *p) {
  if (p[0] == '/') return p;
  char cwd[PATH_MAX], *out = malloc(2 * PATH_MAX + 2);
  if (!out) die_oom();
  if (!getcwd(cwd, sizeof cwd)) usage("cannot resolve a relative path", p);
  snprintf(out, 2 * PATH_MAX + 2, "%s/%s", cwd, p);
  return out;
}

int main(int argc, char **argv) {
  parse_args(argc, argv);
  o.bundle = o.bundle ? absolute(o.bundle) : NULL;
  o.process = o.process ? absolute(o.process) : NULL;
  o.runtime_root = absolute(o.runtime_root);
  if (strchr(o.runtime, '/')) o.runtime = absolute(o.runtime);
  /* berthd makes the state dir (with the process file) before it spawns us; never make it
   * here: a monitor whose berthd was killed right after spawning it may run only after the
   * next berthd swept the orphan's dir, and must then end at once instead of re-creating the
   * dir and waiting for an attach that will never come. */
  if (!realpath(o.state_dir, state_dir)) usage("cannot resolve the state directory (swept?)", o.state_dir);
  if (o.log_path) snprintf(log_path, sizeof log_path, "%s", absolute(o.log_path));

  /* Nothing berthd leaked to us may reach the container. */
  syscall(SYS_close_range, 3U, ~0U, 0U);

  int report[2];
  if (pipe2(report, O_CLOEXEC) < 0) usage("cannot create a pipe", strerror(errno));
  pid_t pid = fork();
  if (pid < 0) usage("cannot fork", strerror(errno));
  if (pid > 0) {
    close(report[1]);
    char c = 1;
    ssize_t r;
    do r = read(report[0], &c, 1);
    while (r < 0 && errno == EINTR);
    if (r == 1 && c == 0) return 0;
    char path[SPATH], msg[4096];
    path_in_state(path, "error");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t m = fd >= 0 ? read(fd, msg, sizeof msg - 1) : -1;
    if (m > 0) fprintf(stderr, "%.*s\n", (int)m, msg);
    else fprintf(stderr, "berth-monitor: the monitor ended before reporting\n");
    return 1;
  }

  /* The monitor: its own session, stdio released so the caller's pipes see EOF. */
  close(report[0]);
  setsid();
  umask(022);
  int nul = open("/dev/null", O_RDWR);
  if (nul >= 0) {
    dup2(nul, 0);
    dup2(nul, 1);
    dup2(nul, 2);
    if (nul > 2) close(nul);
  }
  if (chdir("/") < 0) {
  }
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  sig_fd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);

  char path[SPATH];
  path_in_state(path, "error");
  unlink(path);
  path_in_state(path, "exit.json");
  unlink(path);
  path_in_state(path, "monitor.json");
  unlink(path);

  int ok = -1;
  if (sig_fd < 0) fail("cannot create a signalfd: %s", strerror(errno));
  else if (log_path[0] && open_log(0) < 0) fail("cannot open the log file %s: %s", log_path, strerror(errno));
  else if ((listen_fd = bind_unix(state_dir, "attach.sock", 16)) < 0)
    fail("cannot listen on %s/attach.sock: %s", state_dir, strerror(errno));
  else ok = run_runtime();

  if (ok == 0) {
    char text[128];
    int n = snprintf(text, sizeof text, "{\"monitorPid\":%d,\"containerPid\":%d}\n", (int)getpid(), (int)container_pid);
    if (write_state_file("monitor.json", text, (size_t)n) < 0) {
      fail("cannot write %s/monitor.json: %s", state_dir, strerror(errno));
      ok = -1;
    }
  }
  if (ok != 0) {
    if (buf_size(&error_text) == 0) fail("the monitor failed");
    write_state_file("error", error_text.p + error_text.off, buf_size(&error_text));
    path_in_state(path, "attach.sock");
    if (listen_fd >= 0) unlink(path);
    char c = 1;
    if (write(report[1], &c, 1) < 0) {
    }
    return 1;
  }
  buf_free(&error_text);
  reading = !o.attach_wait;
  char c = 0;
  if (write(report[1], &c, 1) < 0) {
  }
  close(report[1]);
  main_loop();
  return 0;
}
