/**
 * A small seccomp deny-list for the run phase, as the raw classic-BPF program bubblewrap loads
 * with `--seccomp FD`. Everything is allowed except syscalls a test binary never needs and that
 * widen the kernel surface or act on other processes: they fail with EPERM. Only x86_64 has a
 * table here; on other architectures no filter is built (and `status()` says so).
 */

/** x86_64 numbers of the refused syscalls. */
const DENIED_X86_64: Readonly<Record<string, number>> = Object.freeze({
  ptrace: 101,
  syslog: 103,
  personality: 135,
  pivot_root: 155,
  chroot: 161,
  acct: 163,
  mount: 165,
  umount2: 166,
  swapon: 167,
  swapoff: 168,
  reboot: 169,
  init_module: 175,
  delete_module: 176,
  quotactl: 179,
  lookup_dcookie: 212,
  kexec_load: 246,
  add_key: 248,
  request_key: 249,
  keyctl: 250,
  unshare: 272,
  perf_event_open: 298,
  name_to_handle_at: 303,
  open_by_handle_at: 304,
  setns: 308,
  process_vm_readv: 310,
  process_vm_writev: 311,
  finit_module: 313,
  kexec_file_load: 320,
  bpf: 321,
  userfaultfd: 323,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  open_tree: 428,
  move_mount: 429,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  fspick: 433,
  mount_setattr: 442,
});

const AUDIT_ARCH_X86_64 = 0xc000003e;
const X32_SYSCALL_BIT = 0x40000000;
const EPERM = 1;

const BPF_LD_W_ABS = 0x20;
const BPF_JEQ_K = 0x15;
const BPF_JGE_K = 0x35;
const BPF_RET_K = 0x06;
const RET_ALLOW = 0x7fff0000;
const RET_ERRNO = 0x00050000;
const RET_KILL_PROCESS = 0x80000000;
/** offsetof(struct seccomp_data, nr) and (…, arch). */
const OFF_NR = 0;
const OFF_ARCH = 4;

/** The names of the refused syscalls (for the status detail and the docs). */
export function deniedSyscalls(): string[] {
  return Object.keys(DENIED_X86_64);
}

/**
 * The filter as `struct sock_filter[]` bytes for this machine, or null when there is no table
 * for its architecture.
 */
export function seccompProgram(arch: string = process.arch): Buffer | null {
  if (arch !== "x64") return null;
  const numbers = Object.values(DENIED_X86_64);
  type Insn = [code: number, jt: number, jf: number, k: number];
  const prog: Insn[] = [];
  // A foreign architecture (32-bit int 0x80 entry points use other numbers): kill.
  prog.push([BPF_LD_W_ABS, 0, 0, OFF_ARCH]);
  prog.push([BPF_JEQ_K, 1, 0, AUDIT_ARCH_X86_64]);
  prog.push([BPF_RET_K, 0, 0, RET_KILL_PROCESS]);
  prog.push([BPF_LD_W_ABS, 0, 0, OFF_NR]);
  // The x32 ABI reuses the numbers with a high bit set: refuse it wholesale.
  const denyIndex = 4 + 1 + numbers.length + 1; // after the x32 check, the list and ALLOW
  prog.push([BPF_JGE_K, denyIndex - 5, 0, X32_SYSCALL_BIT]);
  numbers.forEach((nr, i) => {
    const here = 5 + i;
    prog.push([BPF_JEQ_K, denyIndex - here - 1, 0, nr]);
  });
  prog.push([BPF_RET_K, 0, 0, RET_ALLOW]);
  prog.push([BPF_RET_K, 0, 0, RET_ERRNO | EPERM]);
  const buf = Buffer.alloc(prog.length * 8);
  prog.forEach(([code, jt, jf, k], i) => {
    buf.writeUInt16LE(code, i * 8);
    buf.writeUInt8(jt, i * 8 + 2);
    buf.writeUInt8(jf, i * 8 + 3);
    buf.writeUInt32LE(k >>> 0, i * 8 + 4);
  });
  return buf;
}
