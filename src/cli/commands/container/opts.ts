/**
 * `run`/`create` flags to the ContainerCreate body, as docker/cli's container/opts.go builds
 * it: the same fields in Go's field order (so the JSON reads like the docker CLI's), the same
 * defaults (`"Dns":[]`, `"MemorySwappiness":-1`, `"EndpointsConfig":{"default":{…}}`) and the
 * same validation messages. Each option family is parsed in its own opts-*.ts file.
 */
import path from "node:path";
import { ramInBytes } from "../../../format/units.ts";
import { parseUlimit } from "../../../runtime/rlimits.ts";
import type { ContainerConfig } from "../../../types/container-config.ts";
import type { HostConfig } from "../../../types/host-config.ts";
import type { FlagValues } from "../../flags.ts";
import {
  type CreateBody,
  errMsg,
  fail,
  flagError,
  goOpenError,
  nullIfEmpty,
  type OptionsEnv,
  processEnv,
} from "./opts-common.ts";
import { parseMountSpec, parseVolumeSpec } from "./opts-mounts.ts";
import { parseNetworkOpt, parseNetworkOpts } from "./opts-network.ts";
import { parsePortRange, parsePortSpecs, splitProtoPort } from "./opts-ports.ts";
import {
  isValidMac,
  kvMap,
  parseCpus,
  parseDevice,
  parseGoDuration,
  parseRestartPolicy,
  parseThrottle,
  parseWeightDevice,
  readKVFiles,
  validateDNSSearch,
  validateEnv,
  validateExtraHost,
  validateIPAddress,
  validateLabel,
  validateLink,
  validateSysctl,
} from "./opts-values.ts";

const str = (flags: FlagValues, name: string) => (flags[name] as string | undefined) ?? "";
const list = (flags: FlagValues, name: string) => (flags[name] as string[] | undefined) ?? [];
const int = (flags: FlagValues, name: string) => (flags[name] as number | undefined) ?? 0;
const bool = (flags: FlagValues, name: string) => flags[name] === true;

/** A --memory-style flag: go-units RAMInBytes, reported as pflag reports a bad value. */
function bytesFlag(flags: FlagValues, name: string, display = `--${name}`): number {
  const v = flags[name] as string | undefined;
  if (v === undefined) return 0;
  try {
    return ramInBytes(v);
  } catch (err) {
    return flagError(display, v, errMsg(err));
  }
}

function durationFlag(flags: FlagValues, name: string): number {
  const v = flags[name] as string | undefined;
  if (v === undefined) return 0;
  try {
    return parseGoDuration(v);
  } catch (err) {
    return flagError(`--${name}`, v, errMsg(err));
  }
}

/** Runs a pflag Value.Set validator over each value of a list flag. */
function validated(flags: FlagValues, name: string, display: string, fn: (v: string) => string): string[] {
  return list(flags, name).map((v) => {
    try {
      return fn(v);
    } catch (err) {
      return flagError(display, v, errMsg(err));
    }
  });
}

/** What `run`/`create` parsed: the request body and the options kept client-side. */
export interface ParsedContainer {
  body: CreateBody;
  /** Whether -a was given (docker refuses -a with -d). */
  attachGiven: boolean;
}

/**
 * parse() of docker/cli's container/opts.go: the flags, the image and the command to the
 * ContainerCreate body. Throws InvalidParameterError with docker's messages.
 */
export function parseContainerOptions(
  flags: FlagValues,
  image: string,
  cmd: string[],
  env: OptionsEnv = processEnv,
): ParsedContainer {
  // Flag-level validation (pflag Value.Set), in flag order.
  const attach = validated(flags, "attach", "-a, --attach", (v) => {
    const s = v.toLowerCase();
    if (!["stdin", "stdout", "stderr"].includes(s)) fail("valid streams are STDIN, STDOUT and STDERR");
    return s;
  });
  const dns = validated(flags, "dns", "--dns", validateIPAddress);
  const dnsSearch = validated(flags, "dns-search", "--dns-search", validateDNSSearch);
  const envList = validated(flags, "env", "-e, --env", (v) => validateEnv(v, env.lookupEnv));
  const extraHosts = validated(flags, "add-host", "--add-host", validateExtraHost);
  const labels = validated(flags, "label", "-l, --label", validateLabel);
  const links = validated(flags, "link", "--link", validateLink);
  const sysctls = validated(flags, "sysctl", "--sysctl", validateSysctl);
  const ulimits = list(flags, "ulimit").map((v) => {
    try {
      return parseUlimit(v);
    } catch (err) {
      return flagError("--ulimit", v, errMsg(err));
    }
  });
  const deviceCgroupRules = validated(flags, "device-cgroup-rule", "--device-cgroup-rule", (v) => {
    if (!/^[acb] ([0-9]+|\*):([0-9]+|\*) [rwm]{1,3}$/.test(v)) fail(`invalid device cgroup format '${v}'`);
    return v;
  });
  const mounts = list(flags, "mount").map((v) => {
    try {
      return parseMountSpec(v, env.cwd);
    } catch (err) {
      return flagError("--mount", v, errMsg(err));
    }
  });
  const throttle = (name: string, iops: boolean) =>
    list(flags, name).map((v) => {
      try {
        return parseThrottle(v, iops);
      } catch (err) {
        return flagError(`--${name}`, v, errMsg(err));
      }
    });
  const blkioWeightDevice = list(flags, "blkio-weight-device").map((v) => {
    try {
      return parseWeightDevice(v);
    } catch (err) {
      return flagError("--blkio-weight-device", v, errMsg(err));
    }
  });
  const readBps = throttle("device-read-bps", false);
  const writeBps = throttle("device-write-bps", false);
  const readIOps = throttle("device-read-iops", true);
  const writeIOps = throttle("device-write-iops", true);
  const memory = bytesFlag(flags, "memory", "-m, --memory");
  const memoryReservation = bytesFlag(flags, "memory-reservation");
  const memorySwap = str(flags, "memory-swap") === "-1" ? -1 : bytesFlag(flags, "memory-swap");
  const shmSize = bytesFlag(flags, "shm-size");
  let nanoCpus = 0;
  if (flags.cpus !== undefined) {
    try {
      nanoCpus = parseCpus(str(flags, "cpus"));
    } catch (err) {
      flagError("--cpus", str(flags, "cpus"), errMsg(err));
    }
  }
  const blkioWeight = int(flags, "blkio-weight");
  if (blkioWeight < 0 || blkioWeight > 65535) {
    flagError(
      "--blkio-weight",
      String(blkioWeight),
      `strconv.ParseUint: parsing "${blkioWeight}": value out of range`,
    );
  }
  const healthInterval = durationFlag(flags, "health-interval");
  const healthTimeout = durationFlag(flags, "health-timeout");
  const healthStartPeriod = durationFlag(flags, "health-start-period");
  const healthStartInterval = durationFlag(flags, "health-start-interval");
  const networks = list(flags, "network").map((v) => {
    try {
      return parseNetworkOpt(v);
    } catch (err) {
      return flagError("--network", v, errMsg(err));
    }
  });
  const annotations = kvMap(list(flags, "annotation"));

  // parse()
  const macAddress = str(flags, "mac-address");
  if (macAddress !== "" && !isValidMac(macAddress)) fail(`${macAddress} is not a valid mac address`);
  const stdin = bool(flags, "interactive");
  let attachStdin = attach.includes("stdin") || stdin;
  let attachStdout = attach.includes("stdout");
  let attachStderr = attach.includes("stderr");
  if (attach.length === 0) {
    attachStdout = true;
    attachStderr = true;
  }
  const swappiness = int(flags, "memory-swappiness");
  if (swappiness !== -1 && (swappiness < 0 || swappiness > 100)) {
    fail(`invalid value: ${swappiness}. Valid memory swappiness range is 0-100`);
  }

  const volumes: Record<string, Record<string, never>> = {};
  let binds: string[] | null = null;
  for (const spec of new Set(list(flags, "volume"))) {
    const parsed = parseVolumeSpec(spec);
    if (parsed.source === "") {
      volumes[spec] = {};
      continue;
    }
    let toBind = spec;
    if (parsed.type === "bind") {
      const colon = spec.indexOf(":");
      if (colon >= 0) {
        let hostPart = spec.slice(0, colon);
        if (!hostPart.startsWith("/") && hostPart.startsWith(".")) hostPart = path.resolve(env.cwd, hostPart);
        toBind = `${hostPart}:${spec.slice(colon + 1)}`;
      }
    }
    (binds ??= []).push(toBind);
  }

  const tmpfs: Record<string, string> = {};
  for (const t of list(flags, "tmpfs")) {
    const colon = t.indexOf(":");
    if (colon >= 0) tmpfs[t.slice(0, colon)] = t.slice(colon + 1);
    else tmpfs[t] = "";
  }

  const runCmd = cmd.length ? cmd : null;
  let entrypoint: string[] | null = null;
  if (flags.entrypoint !== undefined) entrypoint = [str(flags, "entrypoint")];

  const { exposed, bindings } = parsePortSpecs(list(flags, "publish"));
  for (const e of list(flags, "expose")) {
    if (e.includes(":")) fail(`invalid port format for --expose: ${e}`);
    const [proto, port] = splitProtoPort(e);
    let start: number;
    let end: number;
    try {
      [start, end] = parsePortRange(port);
    } catch (err) {
      return fail(`invalid range format for --expose: ${e}, error: ${errMsg(err)}`);
    }
    for (let p = start; p <= end; p++) exposed[`${p}/${proto}`] ??= {};
  }

  const devices = list(flags, "device").map(parseDevice);

  // Environment: -e values (last one of a name wins), after the --env-file ones.
  const envMap = new Map<string, string | undefined>();
  for (const v of envList) {
    const eq = v.indexOf("=");
    if (eq >= 0) envMap.set(v.slice(0, eq), v.slice(eq + 1));
    else envMap.set(v, undefined);
  }
  const envOverrides = [...envMap].map(([k, v]) => (v === undefined ? k : `${k}=${v}`));
  const envFiles = readKVFiles(list(flags, "env-file"), env, env.lookupEnv);
  const envVariables = envFiles.length || envOverrides.length ? [...envFiles, ...envOverrides] : null;

  const labelValues = [...readKVFiles(list(flags, "label-file"), env), ...labels];

  const pidMode = str(flags, "pid");
  if (!(pidMode === "" || pidMode === "host" || (pidMode.startsWith("container:") && pidMode.length > 10))) {
    fail("--pid: invalid PID mode");
  }
  const utsMode = str(flags, "uts");
  if (!(utsMode === "" || utsMode === "host")) fail("--uts: invalid UTS mode");
  const usernsMode = str(flags, "userns");
  if (!(usernsMode === "" || usernsMode === "host")) fail("--userns: invalid USER mode");
  const cgroupnsMode = str(flags, "cgroupns");
  if (!["", "host", "private"].includes(cgroupnsMode)) fail("--cgroupns: invalid CGROUP mode");

  const restartPolicy = parseRestartPolicy(str(flags, "restart"));

  const logDriver = str(flags, "log-driver");
  const logOpts = list(flags, "log-opt");
  if (logDriver === "none" && logOpts.length) fail(`invalid logging opts for driver ${logDriver}`);

  let securityOpts: string[] | null = list(flags, "security-opt").length ? [] : null;
  let maskedPaths: string[] | null = null;
  let readonlyPaths: string[] | null = null;
  for (const opt of list(flags, "security-opt")) {
    let sep = opt.indexOf("=");
    let k = sep >= 0 ? opt.slice(0, sep) : opt;
    if (sep < 0 && k !== "no-new-privileges") {
      sep = opt.indexOf(":");
      k = sep >= 0 ? opt.slice(0, sep) : opt;
    }
    const v = sep >= 0 ? opt.slice(sep + 1) : "";
    if ((sep < 0 || v === "") && k !== "no-new-privileges") fail(`invalid --security-opt: "${opt}"`);
    if (opt === "systempaths=unconfined") {
      maskedPaths = [];
      readonlyPaths = [];
      continue;
    }
    if (k === "seccomp" && v !== "builtin" && v !== "unconfined") {
      let profile: string;
      try {
        profile = env.readFile(v);
      } catch (err) {
        return fail(`opening seccomp profile (${v}) failed: ${goOpenError(v, err)}`);
      }
      try {
        securityOpts!.push(`seccomp=${JSON.stringify(JSON.parse(profile))}`);
      } catch (err) {
        return fail(`compacting json for seccomp profile (${v}) failed: ${errMsg(err)}`);
      }
      continue;
    }
    securityOpts!.push(opt);
  }
  if (securityOpts?.length === 0) securityOpts = null;

  const storageOpts: Record<string, string> = {};
  for (const o of list(flags, "storage-opt")) {
    const eq = o.indexOf("=");
    if (eq < 0) fail("invalid storage option");
    storageOpts[o.slice(0, eq)] = o.slice(eq + 1);
  }

  // Healthcheck
  let healthcheck: Record<string, unknown> | undefined;
  const healthCmd = str(flags, "health-cmd");
  const healthRetries = int(flags, "health-retries");
  const haveHealth =
    healthCmd !== "" ||
    healthInterval !== 0 ||
    healthTimeout !== 0 ||
    healthStartPeriod !== 0 ||
    healthRetries !== 0 ||
    healthStartInterval !== 0;
  if (bool(flags, "no-healthcheck")) {
    if (haveHealth) fail("--no-healthcheck conflicts with --health-* options");
    healthcheck = { Test: ["NONE"] };
  } else if (haveHealth) {
    if (healthInterval < 0) fail("--health-interval cannot be negative");
    if (healthTimeout < 0) fail("--health-timeout cannot be negative");
    if (healthRetries < 0) fail("--health-retries cannot be negative");
    if (healthStartPeriod < 0) fail("--health-start-period cannot be negative");
    if (healthStartInterval < 0) fail("--health-start-interval cannot be negative");
    healthcheck = {};
    if (healthCmd !== "") healthcheck.Test = ["CMD-SHELL", healthCmd];
    if (healthInterval) healthcheck.Interval = healthInterval;
    if (healthTimeout) healthcheck.Timeout = healthTimeout;
    if (healthStartPeriod) healthcheck.StartPeriod = healthStartPeriod;
    if (healthStartInterval) healthcheck.StartInterval = healthStartInterval;
    if (healthRetries) healthcheck.Retries = healthRetries;
  }

  const autoRemove = bool(flags, "rm");
  if (autoRemove && !(restartPolicy.Name === "no" || restartPolicy.Name === "")) {
    fail("conflicting options: cannot specify both --restart and --rm");
  }

  const endpoints = parseNetworkOpts(networks, {
    aliases: list(flags, "network-alias"),
    links,
    ipv4: str(flags, "ip"),
    ipv6: str(flags, "ip6"),
    mac: macAddress,
    linkLocalIPs: list(flags, "link-local-ip"),
  });

  const openStdin = stdin;
  const config: ContainerConfig = {
    Hostname: str(flags, "hostname"),
    Domainname: str(flags, "domainname"),
    User: str(flags, "user"),
    AttachStdin: attachStdin,
    AttachStdout: attachStdout,
    AttachStderr: attachStderr,
  };
  if (Object.keys(exposed).length) config.ExposedPorts = exposed;
  Object.assign(config, {
    Tty: bool(flags, "tty"),
    OpenStdin: openStdin,
    // When stdin is attached, the daemon closes it when the client disconnects.
    StdinOnce: openStdin && attachStdin,
    Env: envVariables,
    Cmd: runCmd,
  });
  if (healthcheck) config.Healthcheck = healthcheck;
  Object.assign(config, {
    Image: image,
    Volumes: volumes,
    WorkingDir: str(flags, "workdir"),
    Entrypoint: entrypoint,
    OnBuild: null,
    Labels: kvMap(labelValues),
  });
  if (str(flags, "stop-signal")) config.StopSignal = str(flags, "stop-signal");
  if (flags["stop-timeout"] !== undefined) config.StopTimeout = int(flags, "stop-timeout");
  if (!attachStdin) attachStdin = false;

  const hostConfig: HostConfig = {
    Binds: binds,
    ContainerIDFile: str(flags, "cidfile"),
    LogConfig: { Type: logDriver, Config: kvMap(logOpts) },
    NetworkMode: networks.length ? networks[0].target : "default",
    PortBindings: bindings,
    RestartPolicy: restartPolicy,
    AutoRemove: autoRemove,
    VolumeDriver: str(flags, "volume-driver"),
    VolumesFrom: list(flags, "volumes-from").length ? list(flags, "volumes-from") : null,
    ConsoleSize: [0, 0],
  };
  if (Object.keys(annotations).length) hostConfig.Annotations = annotations;
  Object.assign(hostConfig, {
    CapAdd: nullIfEmpty(list(flags, "cap-add")),
    CapDrop: nullIfEmpty(list(flags, "cap-drop")),
    CgroupnsMode: cgroupnsMode,
    Dns: dns,
    DnsOptions: list(flags, "dns-option"),
    DnsSearch: dnsSearch,
    ExtraHosts: nullIfEmpty(extraHosts),
    GroupAdd: nullIfEmpty(list(flags, "group-add")),
    IpcMode: str(flags, "ipc"),
    Cgroup: "",
    Links: nullIfEmpty(links),
    OomScoreAdj: int(flags, "oom-score-adj"),
    PidMode: pidMode,
    Privileged: bool(flags, "privileged"),
    PublishAllPorts: bool(flags, "publish-all"),
    ReadonlyRootfs: bool(flags, "read-only"),
    SecurityOpt: securityOpts,
  });
  if (Object.keys(storageOpts).length) hostConfig.StorageOpt = storageOpts;
  if (Object.keys(tmpfs).length) hostConfig.Tmpfs = tmpfs;
  Object.assign(hostConfig, { UTSMode: utsMode, UsernsMode: usernsMode, ShmSize: shmSize });
  if (sysctls.length) hostConfig.Sysctls = kvMap(sysctls);
  if (str(flags, "runtime")) hostConfig.Runtime = str(flags, "runtime");
  Object.assign(hostConfig, {
    Isolation: str(flags, "isolation"),
    // Resources
    CpuShares: int(flags, "cpu-shares"),
    Memory: memory,
    NanoCpus: nanoCpus,
    CgroupParent: str(flags, "cgroup-parent"),
    BlkioWeight: blkioWeight,
    BlkioWeightDevice: blkioWeightDevice,
    BlkioDeviceReadBps: readBps,
    BlkioDeviceWriteBps: writeBps,
    BlkioDeviceReadIOps: readIOps,
    BlkioDeviceWriteIOps: writeIOps,
    CpuPeriod: int(flags, "cpu-period"),
    CpuQuota: int(flags, "cpu-quota"),
    CpuRealtimePeriod: int(flags, "cpu-rt-period"),
    CpuRealtimeRuntime: int(flags, "cpu-rt-runtime"),
    CpusetCpus: str(flags, "cpuset-cpus"),
    CpusetMems: str(flags, "cpuset-mems"),
    Devices: devices,
    DeviceCgroupRules: nullIfEmpty(deviceCgroupRules),
    DeviceRequests: null,
    MemoryReservation: memoryReservation,
    MemorySwap: memorySwap,
    MemorySwappiness: swappiness,
    OomKillDisable: bool(flags, "oom-kill-disable"),
    PidsLimit: int(flags, "pids-limit"),
    Ulimits: ulimits.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0)),
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
  });
  // Ulimits keep the last value given for a name, as docker's map does.
  hostConfig.Ulimits = [...new Map((hostConfig.Ulimits ?? []).map((u) => [u.Name, u])).values()];
  if (mounts.length) hostConfig.Mounts = mounts;
  hostConfig.MaskedPaths = maskedPaths;
  hostConfig.ReadonlyPaths = readonlyPaths;
  if (flags.init !== "" && flags.init !== undefined) hostConfig.Init = flags.init === true;

  return {
    body: {
      ...config,
      Image: image,
      HostConfig: hostConfig,
      NetworkingConfig: { EndpointsConfig: endpoints },
    },
    attachGiven: attach.length > 0,
  };
}
