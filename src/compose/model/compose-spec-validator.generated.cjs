// GENERATED FILE, do not edit: the Compose Specification's validator (compose-spec.json beside
// this file) as ajv 8.20.0's standalone code, made by src/compose/model/schema-codegen.ts.
// Regenerate after changing either, or upgrading ajv: node scripts/gen-compose-validator.ts
// (schema-codegen.test.ts fails until then). Loaded by schema.ts.
"use strict";
module.exports = validate0;
module.exports.default = validate0;
const schema0 = {"$schema":"https://json-schema.org/draft-07/schema","$id":"compose_spec.json","type":"object","title":"Compose Specification","description":"The Compose file is a YAML file defining a multi-containers based application.","properties":{"version":{"type":"string","deprecated":true,"description":"declared for backward compatibility, ignored. Please remove it."},"name":{"type":"string","description":"define the Compose project name, until user defines one explicitly."},"include":{"type":"array","items":{"$ref":"#/definitions/include"},"description":"compose sub-projects to be included."},"services":{"type":"object","patternProperties":{"^[a-zA-Z0-9._-]+$":{"$ref":"#/definitions/service"}},"additionalProperties":false,"description":"The services that will be used by your application."},"models":{"type":"object","patternProperties":{"^[a-zA-Z0-9._-]+$":{"$ref":"#/definitions/model"}},"description":"Language models that will be used by your application."},"networks":{"type":"object","patternProperties":{"^[a-zA-Z0-9._-]+$":{"$ref":"#/definitions/network"}},"description":"Networks that are shared among multiple services."},"volumes":{"type":"object","patternProperties":{"^[a-zA-Z0-9._-]+$":{"$ref":"#/definitions/volume"}},"additionalProperties":false,"description":"Named volumes that are shared among multiple services."},"secrets":{"type":"object","patternProperties":{"^[a-zA-Z0-9._-]+$":{"$ref":"#/definitions/secret"}},"additionalProperties":false,"description":"Secrets that are shared among multiple services."},"configs":{"type":"object","patternProperties":{"^[a-zA-Z0-9._-]+$":{"$ref":"#/definitions/config"}},"additionalProperties":false,"description":"Configurations that are shared among multiple services."}},"patternProperties":{"^x-":{}},"additionalProperties":false,"definitions":{"service":{"type":"object","description":"Configuration for a service.","properties":{"develop":{"$ref":"#/definitions/development"},"deploy":{"$ref":"#/definitions/deployment"},"annotations":{"$ref":"#/definitions/list_or_dict"},"attach":{"type":["boolean","string"]},"build":{"description":"Configuration options for building the service's image.","oneOf":[{"type":"string","description":"Path to the build context. Can be a relative path or a URL."},{"type":"object","properties":{"context":{"type":"string","description":"Path to the build context. Can be a relative path or a URL."},"dockerfile":{"type":"string","description":"Name of the Dockerfile to use for building the image."},"dockerfile_inline":{"type":"string","description":"Inline Dockerfile content to use instead of a Dockerfile from the build context."},"entitlements":{"type":"array","items":{"type":"string"},"description":"List of extra privileged entitlements to grant to the build process."},"args":{"$ref":"#/definitions/list_or_dict","description":"Build-time variables, specified as a map or a list of KEY=VAL pairs."},"ssh":{"$ref":"#/definitions/list_or_dict","description":"SSH agent socket or keys to expose to the build. Format is either a string or a list of 'default|<id>[=<socket>|<key>[,<key>]]'."},"labels":{"$ref":"#/definitions/list_or_dict","description":"Labels to apply to the built image."},"cache_from":{"type":"array","items":{"type":"string"},"description":"List of sources the image builder should use for cache resolution"},"cache_to":{"type":"array","items":{"type":"string"},"description":"Cache destinations for the build cache."},"no_cache":{"type":["boolean","string"],"description":"Do not use cache when building the image."},"additional_contexts":{"$ref":"#/definitions/list_or_dict","description":"Additional build contexts to use, specified as a map of name to context path or URL."},"network":{"type":"string","description":"Network mode to use for the build. Options include 'default', 'none', 'host', or a network name."},"provenance":{"type":["string","boolean"],"description":"Add a provenance attestation"},"sbom":{"type":["string","boolean"],"description":"Add a SBOM attestation"},"pull":{"type":["boolean","string"],"description":"Always attempt to pull a newer version of the image."},"target":{"type":"string","description":"Build stage to target in a multi-stage Dockerfile."},"shm_size":{"type":["integer","string"],"description":"Size of /dev/shm for the build container. A string value can use suffix like '2g' for 2 gigabytes."},"extra_hosts":{"$ref":"#/definitions/extra_hosts","description":"Add hostname mappings for the build container."},"isolation":{"type":"string","description":"Container isolation technology to use for the build process."},"privileged":{"type":["boolean","string"],"description":"Give extended privileges to the build container."},"secrets":{"$ref":"#/definitions/service_config_or_secret","description":"Secrets to expose to the build. These are accessible at build-time."},"tags":{"type":"array","items":{"type":"string"},"description":"Additional tags to apply to the built image."},"ulimits":{"$ref":"#/definitions/ulimits","description":"Override the default ulimits for the build container."},"platforms":{"type":"array","items":{"type":"string"},"description":"Platforms to build for, e.g., 'linux/amd64', 'linux/arm64', or 'windows/amd64'."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}]},"blkio_config":{"type":"object","description":"Block IO configuration for the service.","properties":{"device_read_bps":{"type":"array","description":"Limit read rate (bytes per second) from a device.","items":{"$ref":"#/definitions/blkio_limit"}},"device_read_iops":{"type":"array","description":"Limit read rate (IO per second) from a device.","items":{"$ref":"#/definitions/blkio_limit"}},"device_write_bps":{"type":"array","description":"Limit write rate (bytes per second) to a device.","items":{"$ref":"#/definitions/blkio_limit"}},"device_write_iops":{"type":"array","description":"Limit write rate (IO per second) to a device.","items":{"$ref":"#/definitions/blkio_limit"}},"weight":{"type":["integer","string"],"description":"Block IO weight (relative weight) for the service, between 10 and 1000."},"weight_device":{"type":"array","description":"Block IO weight (relative weight) for specific devices.","items":{"$ref":"#/definitions/blkio_weight"}}},"additionalProperties":false},"cap_add":{"type":"array","items":{"type":"string"},"uniqueItems":true,"description":"Add Linux capabilities. For example, 'CAP_SYS_ADMIN', 'SYS_ADMIN', or 'NET_ADMIN'."},"cap_drop":{"type":"array","items":{"type":"string"},"uniqueItems":true,"description":"Drop Linux capabilities. For example, 'CAP_SYS_ADMIN', 'SYS_ADMIN', or 'NET_ADMIN'."},"cgroup":{"type":"string","enum":["host","private"],"description":"Specify the cgroup namespace to join. Use 'host' to use the host's cgroup namespace, or 'private' to use a private cgroup namespace."},"cgroup_parent":{"type":"string","description":"Specify an optional parent cgroup for the container."},"command":{"$ref":"#/definitions/command","description":"Override the default command declared by the container image, for example 'CMD' in Dockerfile."},"configs":{"$ref":"#/definitions/service_config_or_secret","description":"Grant access to Configs on a per-service basis."},"container_name":{"type":"string","description":"Specify a custom container name, rather than a generated default name.","pattern":"[a-zA-Z0-9][a-zA-Z0-9_.-]+"},"cpu_count":{"oneOf":[{"type":"string"},{"type":"integer","minimum":0}],"description":"Number of usable CPUs."},"cpu_percent":{"oneOf":[{"type":"string"},{"type":"integer","minimum":0,"maximum":100}],"description":"Percentage of CPU resources to use."},"cpu_shares":{"type":["number","string"],"description":"CPU shares (relative weight) for the container."},"cpu_quota":{"type":["number","string"],"description":"Limit the CPU CFS (Completely Fair Scheduler) quota."},"cpu_period":{"type":["number","string"],"description":"Limit the CPU CFS (Completely Fair Scheduler) period."},"cpu_rt_period":{"type":["number","string"],"description":"Limit the CPU real-time period in microseconds or a duration."},"cpu_rt_runtime":{"type":["number","string"],"description":"Limit the CPU real-time runtime in microseconds or a duration."},"cpus":{"type":["number","string"],"description":"Number of CPUs to use. A floating-point value is supported to request partial CPUs."},"cpuset":{"type":"string","description":"CPUs in which to allow execution (0-3, 0,1)."},"credential_spec":{"type":"object","description":"Configure the credential spec for managed service account.","properties":{"config":{"type":"string","description":"The name of the credential spec Config to use."},"file":{"type":"string","description":"Path to a credential spec file."},"registry":{"type":"string","description":"Path to a credential spec in the Windows registry."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"depends_on":{"oneOf":[{"$ref":"#/definitions/list_of_strings"},{"type":"object","additionalProperties":false,"patternProperties":{"^[a-zA-Z0-9._-]+$":{"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"restart":{"type":["boolean","string"],"description":"Whether to restart dependent services when this service is restarted."},"required":{"type":"boolean","default":true,"description":"Whether the dependency is required for the dependent service to start."},"condition":{"type":"string","enum":["service_started","service_healthy","service_completed_successfully"],"description":"Condition to wait for. 'service_started' waits until the service has started, 'service_healthy' waits until the service is healthy (as defined by its healthcheck), 'service_completed_successfully' waits until the service has completed successfully."}},"required":["condition"]}}}],"description":"Express dependency between services. Service dependencies cause services to be started in dependency order. The dependent service will wait for the dependency to be ready before starting."},"device_cgroup_rules":{"$ref":"#/definitions/list_of_strings","description":"Add rules to the cgroup allowed devices list."},"devices":{"type":"array","description":"List of device mappings for the container.","items":{"oneOf":[{"type":"string"},{"type":"object","required":["source"],"properties":{"source":{"type":"string","description":"Path on the host to the device."},"target":{"type":"string","description":"Path in the container where the device will be mapped."},"permissions":{"type":"string","description":"Cgroup permissions for the device (rwm)."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}]}},"dns":{"$ref":"#/definitions/string_or_list","description":"Custom DNS servers to set for the service container."},"dns_opt":{"type":"array","items":{"type":"string"},"uniqueItems":true,"description":"Custom DNS options to be passed to the container's DNS resolver."},"dns_search":{"$ref":"#/definitions/string_or_list","description":"Custom DNS search domains to set on the service container."},"domainname":{"type":"string","description":"Custom domain name to use for the service container."},"entrypoint":{"$ref":"#/definitions/command","description":"Override the default entrypoint declared by the container image, for example 'ENTRYPOINT' in Dockerfile."},"env_file":{"$ref":"#/definitions/env_file","description":"Add environment variables from a file or multiple files. Can be a single file path or a list of file paths."},"label_file":{"$ref":"#/definitions/label_file","description":"Add metadata to containers using files containing Docker labels."},"environment":{"$ref":"#/definitions/list_or_dict","description":"Add environment variables. You can use either an array or a list of KEY=VAL pairs."},"expose":{"type":"array","items":{"type":["string","number"]},"uniqueItems":true,"description":"Expose ports without publishing them to the host machine - they'll only be accessible to linked services."},"extends":{"oneOf":[{"type":"string"},{"type":"object","properties":{"service":{"type":"string","description":"The name of the service to extend."},"file":{"type":"string","description":"The file path where the service to extend is defined."}},"required":["service"],"additionalProperties":false}],"description":"Extend another service, in the current file or another file."},"provider":{"type":"object","description":"Specify a service which will not be manage by Compose directly, and delegate its management to an external provider.","required":["type"],"properties":{"type":{"type":"string","description":"External component used by Compose to manage setup and teardown lifecycle of the service."},"options":{"type":"object","description":"Provider-specific options.","patternProperties":{"^.+$":{"oneOf":[{"type":["string","number","boolean"]},{"type":"array","items":{"type":["string","number","boolean"]}}]}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"external_links":{"type":"array","items":{"type":"string"},"uniqueItems":true,"description":"Link to services started outside this Compose application. Specify services as <service_name>:<alias>."},"extra_hosts":{"$ref":"#/definitions/extra_hosts","description":"Add hostname mappings to the container network interface configuration."},"gpus":{"$ref":"#/definitions/gpus","description":"Define GPU devices to use. Can be set to 'all' to use all GPUs, or a list of specific GPU devices."},"group_add":{"type":"array","items":{"type":["string","number"]},"uniqueItems":true,"description":"Add additional groups which user inside the container should be member of."},"healthcheck":{"$ref":"#/definitions/healthcheck","description":"Configure a health check for the container to monitor its health status."},"hostname":{"type":"string","description":"Define a custom hostname for the service container."},"image":{"type":"string","description":"Specify the image to start the container from. Can be a repository/tag, a digest, or a local image ID."},"init":{"type":["boolean","string"],"description":"Run as an init process inside the container that forwards signals and reaps processes."},"ipc":{"type":"string","description":"IPC sharing mode for the service container. Use 'host' to share the host's IPC namespace, 'service:[service_name]' to share with another service, or 'shareable' to allow other services to share this service's IPC namespace."},"isolation":{"type":"string","description":"Container isolation technology to use. Supported values are platform-specific."},"labels":{"$ref":"#/definitions/list_or_dict","description":"Add metadata to containers using Docker labels. You can use either an array or a list."},"links":{"type":"array","items":{"type":"string"},"uniqueItems":true,"description":"Link to containers in another service. Either specify both the service name and a link alias (SERVICE:ALIAS), or just the service name."},"logging":{"type":"object","description":"Logging configuration for the service.","properties":{"driver":{"type":"string","description":"Logging driver to use, such as 'json-file', 'syslog', 'journald', etc."},"options":{"type":"object","description":"Options for the logging driver.","patternProperties":{"^.+$":{"type":["string","number","null"]}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"mac_address":{"type":"string","description":"Container MAC address to set."},"mem_limit":{"type":["number","string"],"description":"Memory limit for the container. A string value can use suffix like '2g' for 2 gigabytes."},"mem_reservation":{"type":["string","integer"],"description":"Memory reservation for the container."},"mem_swappiness":{"type":["integer","string"],"description":"Container memory swappiness as percentage (0 to 100)."},"memswap_limit":{"type":["number","string"],"description":"Amount of memory the container is allowed to swap to disk. Set to -1 to enable unlimited swap."},"network_mode":{"type":"string","description":"Network mode. Values can be 'bridge', 'host', 'none', 'service:[service name]', or 'container:[container name]'."},"models":{"oneOf":[{"$ref":"#/definitions/list_of_strings"},{"type":"object","patternProperties":{"^[a-zA-Z0-9._-]+$":{"type":"object","properties":{"endpoint_var":{"type":"string","description":"Environment variable set to AI model endpoint."},"model_var":{"type":"string","description":"Environment variable set to AI model name."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}}}],"description":"AI Models to use, referencing entries under the top-level models key."},"networks":{"oneOf":[{"$ref":"#/definitions/list_of_strings"},{"type":"object","patternProperties":{"^[a-zA-Z0-9._-]+$":{"oneOf":[{"type":"object","properties":{"aliases":{"$ref":"#/definitions/list_of_strings","description":"Alternative hostnames for this service on the network."},"interface_name":{"type":"string","description":"Interface network name used to connect to network"},"ipv4_address":{"type":"string","description":"Specify a static IPv4 address for this service on this network."},"ipv6_address":{"type":"string","description":"Specify a static IPv6 address for this service on this network."},"link_local_ips":{"$ref":"#/definitions/list_of_strings","description":"List of link-local IPs."},"mac_address":{"type":"string","description":"Specify a MAC address for this service on this network."},"driver_opts":{"type":"object","description":"Driver options for this network.","patternProperties":{"^.+$":{"type":["string","number"]}}},"priority":{"type":"number","description":"Specify the priority for the network connection."},"gw_priority":{"type":"number","description":"Specify the gateway priority for the network connection."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},{"type":"null"}]}},"additionalProperties":false}],"description":"Networks to join, referencing entries under the top-level networks key. Can be a list of network names or a mapping of network name to network configuration."},"oom_kill_disable":{"type":["boolean","string"],"description":"Disable OOM Killer for the container."},"oom_score_adj":{"oneOf":[{"type":"string"},{"type":"integer","minimum":-1000,"maximum":1000}],"description":"Tune host's OOM preferences for the container (accepts -1000 to 1000)."},"pid":{"type":["string","null"],"description":"PID mode for container."},"pids_limit":{"type":["number","string"],"description":"Tune a container's PIDs limit. Set to -1 for unlimited PIDs."},"platform":{"type":"string","description":"Target platform to run on, e.g., 'linux/amd64', 'linux/arm64', or 'windows/amd64'."},"ports":{"type":"array","description":"Expose container ports. Short format ([HOST:]CONTAINER[/PROTOCOL]).","items":{"oneOf":[{"type":"number"},{"type":"string"},{"type":"object","properties":{"name":{"type":"string","description":"A human-readable name for this port mapping."},"mode":{"type":"string","description":"The port binding mode, either 'host' for publishing a host port or 'ingress' for load balancing."},"host_ip":{"type":"string","description":"The host IP to bind to."},"target":{"type":["integer","string"],"description":"The port inside the container."},"published":{"type":["string","integer"],"description":"The publicly exposed port."},"protocol":{"type":"string","description":"The port protocol (tcp or udp)."},"app_protocol":{"type":"string","description":"Application protocol to use with the port (e.g., http, https, mysql)."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}]},"uniqueItems":true},"post_start":{"type":"array","items":{"$ref":"#/definitions/service_hook"},"description":"Commands to run after the container starts. If any command fails, the container stops."},"pre_stop":{"type":"array","items":{"$ref":"#/definitions/service_hook"},"description":"Commands to run before the container stops. If any command fails, the container stop is aborted."},"privileged":{"type":["boolean","string"],"description":"Give extended privileges to the service container."},"profiles":{"$ref":"#/definitions/list_of_strings","description":"List of profiles for this service. When profiles are specified, services are only started when the profile is activated."},"pull_policy":{"type":"string","pattern":"always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+","description":"Policy for pulling images. Options include: 'always', 'never', 'if_not_present', 'missing', 'build', or time-based refresh policies."},"pull_refresh_after":{"type":"string","description":"Time after which to refresh the image. Used with pull_policy=refresh."},"read_only":{"type":["boolean","string"],"description":"Mount the container's filesystem as read only."},"restart":{"type":"string","description":"Restart policy for the service container. Options include: 'no', 'always', 'on-failure', and 'unless-stopped'."},"runtime":{"type":"string","description":"Runtime to use for this container, e.g., 'runc'."},"scale":{"type":["integer","string"],"description":"Number of containers to deploy for this service."},"security_opt":{"type":"array","items":{"type":"string"},"uniqueItems":true,"description":"Override the default labeling scheme for each container."},"shm_size":{"type":["number","string"],"description":"Size of /dev/shm. A string value can use suffix like '2g' for 2 gigabytes."},"secrets":{"$ref":"#/definitions/service_config_or_secret","description":"Grant access to Secrets on a per-service basis."},"sysctls":{"$ref":"#/definitions/list_or_dict","description":"Kernel parameters to set in the container. You can use either an array or a list."},"stdin_open":{"type":["boolean","string"],"description":"Keep STDIN open even if not attached."},"stop_grace_period":{"type":"string","description":"Time to wait for the container to stop gracefully before sending SIGKILL (e.g., '1s', '1m30s')."},"stop_signal":{"type":"string","description":"Signal to stop the container (e.g., 'SIGTERM', 'SIGINT')."},"storage_opt":{"type":"object","description":"Storage driver options for the container."},"tmpfs":{"$ref":"#/definitions/string_or_list","description":"Mount a temporary filesystem (tmpfs) into the container. Can be a single value or a list."},"tty":{"type":["boolean","string"],"description":"Allocate a pseudo-TTY to service container."},"ulimits":{"$ref":"#/definitions/ulimits","description":"Override the default ulimits for a container."},"use_api_socket":{"type":"boolean","description":"Bind mount Docker API socket and required auth."},"user":{"type":"string","description":"Username or UID to run the container process as."},"uts":{"type":"string","description":"UTS namespace to use. 'host' shares the host's UTS namespace."},"userns_mode":{"type":"string","description":"User namespace to use. 'host' shares the host's user namespace."},"volumes":{"type":"array","description":"Mount host paths or named volumes accessible to the container. Short syntax (VOLUME:CONTAINER_PATH[:MODE])","items":{"oneOf":[{"type":"string"},{"type":"object","required":["type"],"properties":{"type":{"type":"string","enum":["bind","volume","tmpfs","cluster","npipe","image"],"description":"The mount type: bind for mounting host directories, volume for named volumes, tmpfs for temporary filesystems, cluster for cluster volumes, npipe for named pipes, or image for mounting from an image."},"source":{"type":"string","description":"The source of the mount, a path on the host for a bind mount, a docker image reference for an image mount, or the name of a volume defined in the top-level volumes key. Not applicable for a tmpfs mount."},"target":{"type":"string","description":"The path in the container where the volume is mounted."},"read_only":{"type":["boolean","string"],"description":"Flag to set the volume as read-only."},"consistency":{"type":"string","description":"The consistency requirements for the mount. Available values are platform specific."},"bind":{"type":"object","description":"Configuration specific to bind mounts.","properties":{"propagation":{"type":"string","description":"The propagation mode for the bind mount: 'shared', 'slave', 'private', 'rshared', 'rslave', or 'rprivate'."},"create_host_path":{"type":["boolean","string"],"description":"Create the host path if it doesn't exist."},"recursive":{"type":"string","enum":["enabled","disabled","writable","readonly"],"description":"Recursively mount the source directory."},"selinux":{"type":"string","enum":["z","Z"],"description":"SELinux relabeling options: 'z' for shared content, 'Z' for private unshared content."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"volume":{"type":"object","description":"Configuration specific to volume mounts.","properties":{"labels":{"$ref":"#/definitions/list_or_dict","description":"Labels to apply to the volume."},"nocopy":{"type":["boolean","string"],"description":"Flag to disable copying of data from a container when a volume is created."},"subpath":{"type":"string","description":"Path within the volume to mount instead of the volume root."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"tmpfs":{"type":"object","description":"Configuration specific to tmpfs mounts.","properties":{"size":{"oneOf":[{"type":"integer","minimum":0},{"type":"string"}],"description":"Size of the tmpfs mount in bytes."},"mode":{"type":["number","string"],"description":"File mode of the tmpfs in octal."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"image":{"type":"object","description":"Configuration specific to image mounts.","properties":{"subpath":{"type":"string","description":"Path within the image to mount instead of the image root."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}}]},"uniqueItems":true},"volumes_from":{"type":"array","items":{"type":"string"},"uniqueItems":true,"description":"Mount volumes from another service or container. Optionally specify read-only access (ro) or read-write (rw)."},"working_dir":{"type":"string","description":"The working directory in which the entrypoint or command will be run"}},"patternProperties":{"^x-":{}},"additionalProperties":false},"healthcheck":{"type":"object","description":"Configuration options to determine whether the container is healthy.","properties":{"disable":{"type":["boolean","string"],"description":"Disable any container-specified healthcheck. Set to true to disable."},"interval":{"type":"string","description":"Time between running the check (e.g., '1s', '1m30s'). Default: 30s."},"retries":{"type":["number","string"],"description":"Number of consecutive failures needed to consider the container as unhealthy. Default: 3."},"test":{"oneOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}],"description":"The test to perform to check container health. Can be a string or a list. The first item is either NONE, CMD, or CMD-SHELL. If it's CMD, the rest of the command is exec'd. If it's CMD-SHELL, the rest is run in the shell."},"timeout":{"type":"string","description":"Maximum time to allow one check to run (e.g., '1s', '1m30s'). Default: 30s."},"start_period":{"type":"string","description":"Start period for the container to initialize before starting health-retries countdown (e.g., '1s', '1m30s'). Default: 0s."},"start_interval":{"type":"string","description":"Time between running the check during the start period (e.g., '1s', '1m30s'). Default: interval value."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"development":{"type":["object","null"],"description":"Development configuration for the service, used for development workflows.","properties":{"watch":{"type":"array","description":"Configure watch mode for the service, which monitors file changes and performs actions in response.","items":{"type":"object","required":["path","action"],"properties":{"ignore":{"$ref":"#/definitions/string_or_list","description":"Patterns to exclude from watching."},"include":{"$ref":"#/definitions/string_or_list","description":"Patterns to include in watching."},"path":{"type":"string","description":"Path to watch for changes."},"action":{"type":"string","enum":["rebuild","sync","restart","sync+restart","sync+exec"],"description":"Action to take when a change is detected: rebuild the container, sync files, restart the container, sync and restart, or sync and execute a command."},"target":{"type":"string","description":"Target path in the container for sync operations."},"exec":{"$ref":"#/definitions/service_hook","description":"Command to execute when a change is detected and action is sync+exec."},"initial_sync":{"type":"boolean","description":"Ensure that an initial synchronization is done before starting watch mode for sync+x triggers"}},"additionalProperties":false,"patternProperties":{"^x-":{}}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"deployment":{"type":["object","null"],"description":"Deployment configuration for the service.","properties":{"mode":{"type":"string","description":"Deployment mode for the service: 'replicated' (default) or 'global'."},"endpoint_mode":{"type":"string","description":"Endpoint mode for the service: 'vip' (default) or 'dnsrr'."},"replicas":{"type":["integer","string"],"description":"Number of replicas of the service container to run."},"labels":{"$ref":"#/definitions/list_or_dict","description":"Labels to apply to the service."},"rollback_config":{"type":"object","description":"Configuration for rolling back a service update.","properties":{"parallelism":{"type":["integer","string"],"description":"The number of containers to rollback at a time. If set to 0, all containers rollback simultaneously."},"delay":{"type":"string","description":"The time to wait between each container group's rollback (e.g., '1s', '1m30s')."},"failure_action":{"type":"string","description":"Action to take if a rollback fails: 'continue', 'pause'."},"monitor":{"type":"string","description":"Duration to monitor each task for failures after it is created (e.g., '1s', '1m30s')."},"max_failure_ratio":{"type":["number","string"],"description":"Failure rate to tolerate during a rollback."},"order":{"type":"string","enum":["start-first","stop-first"],"description":"Order of operations during rollbacks: 'stop-first' (default) or 'start-first'."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"update_config":{"type":"object","description":"Configuration for updating a service.","properties":{"parallelism":{"type":["integer","string"],"description":"The number of containers to update at a time."},"delay":{"type":"string","description":"The time to wait between updating a group of containers (e.g., '1s', '1m30s')."},"failure_action":{"type":"string","description":"Action to take if an update fails: 'continue', 'pause', 'rollback'."},"monitor":{"type":"string","description":"Duration to monitor each updated task for failures after it is created (e.g., '1s', '1m30s')."},"max_failure_ratio":{"type":["number","string"],"description":"Failure rate to tolerate during an update (0 to 1)."},"order":{"type":"string","enum":["start-first","stop-first"],"description":"Order of operations during updates: 'stop-first' (default) or 'start-first'."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"resources":{"type":"object","description":"Resource constraints and reservations for the service.","properties":{"limits":{"type":"object","description":"Resource limits for the service containers.","properties":{"cpus":{"type":["number","string"],"description":"Limit for how much of the available CPU resources, as number of cores, a container can use."},"memory":{"type":"string","description":"Limit on the amount of memory a container can allocate (e.g., '1g', '1024m')."},"pids":{"type":["integer","string"],"description":"Maximum number of PIDs available to the container."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"reservations":{"type":"object","description":"Resource reservations for the service containers.","properties":{"cpus":{"type":["number","string"],"description":"Reservation for how much of the available CPU resources, as number of cores, a container can use."},"memory":{"type":"string","description":"Reservation on the amount of memory a container can allocate (e.g., '1g', '1024m')."},"generic_resources":{"$ref":"#/definitions/generic_resources","description":"User-defined resources to reserve."},"devices":{"$ref":"#/definitions/devices","description":"Device reservations for the container."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"restart_policy":{"type":"object","description":"Restart policy for the service containers.","properties":{"condition":{"type":"string","description":"Condition for restarting the container: 'none', 'on-failure', 'any'."},"delay":{"type":"string","description":"Delay between restart attempts (e.g., '1s', '1m30s')."},"max_attempts":{"type":["integer","string"],"description":"Maximum number of restart attempts before giving up."},"window":{"type":"string","description":"Time window used to evaluate the restart policy (e.g., '1s', '1m30s')."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"placement":{"type":"object","description":"Constraints and preferences for the platform to select a physical node to run service containers","properties":{"constraints":{"type":"array","items":{"type":"string"},"description":"Placement constraints for the service (e.g., 'node.role==manager')."},"preferences":{"type":"array","description":"Placement preferences for the service.","items":{"type":"object","properties":{"spread":{"type":"string","description":"Spread tasks evenly across values of the specified node label."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}},"max_replicas_per_node":{"type":["integer","string"],"description":"Maximum number of replicas of the service."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"generic_resources":{"type":"array","description":"User-defined resources for services, allowing services to reserve specialized hardware resources.","items":{"type":"object","properties":{"discrete_resource_spec":{"type":"object","description":"Specification for discrete (countable) resources.","properties":{"kind":{"type":"string","description":"Type of resource (e.g., 'GPU', 'FPGA', 'SSD')."},"value":{"type":["number","string"],"description":"Number of resources of this kind to reserve."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}}},"devices":{"type":"array","description":"Device reservations for containers, allowing services to access specific hardware devices.","items":{"type":"object","properties":{"capabilities":{"$ref":"#/definitions/list_of_strings","description":"List of capabilities the device needs to have (e.g., 'gpu', 'compute', 'utility')."},"count":{"type":["string","integer"],"description":"Number of devices of this type to reserve."},"device_ids":{"$ref":"#/definitions/list_of_strings","description":"List of specific device IDs to reserve."},"driver":{"type":"string","description":"Device driver to use (e.g., 'nvidia')."},"options":{"$ref":"#/definitions/list_or_dict","description":"Driver-specific options for the device."}},"additionalProperties":false,"patternProperties":{"^x-":{}},"required":["capabilities"]}},"gpus":{"oneOf":[{"type":"string","enum":["all"],"description":"Use all available GPUs."},{"type":"array","description":"List of specific GPU devices to use.","items":{"type":"object","properties":{"capabilities":{"$ref":"#/definitions/list_of_strings","description":"List of capabilities the GPU needs to have (e.g., 'compute', 'utility')."},"count":{"type":["string","integer"],"description":"Number of GPUs to use."},"device_ids":{"$ref":"#/definitions/list_of_strings","description":"List of specific GPU device IDs to use."},"driver":{"type":"string","description":"GPU driver to use (e.g., 'nvidia')."},"options":{"$ref":"#/definitions/list_or_dict","description":"Driver-specific options for the GPU."}}},"additionalProperties":false,"patternProperties":{"^x-":{}}}]},"include":{"description":"Compose application or sub-projects to be included.","oneOf":[{"type":"string"},{"type":"object","properties":{"path":{"$ref":"#/definitions/string_or_list","description":"Path to the Compose application or sub-project files to include."},"env_file":{"$ref":"#/definitions/string_or_list","description":"Path to the environment files to use to define default values when interpolating variables in the Compose files being parsed."},"project_directory":{"type":"string","description":"Path to resolve relative paths set in the Compose file"}},"additionalProperties":false}]},"network":{"type":["object","null"],"description":"Network configuration for the Compose application.","properties":{"name":{"type":"string","description":"Custom name for this network."},"driver":{"type":"string","description":"Specify which driver should be used for this network. Default is 'bridge'."},"driver_opts":{"type":"object","description":"Specify driver-specific options defined as key/value pairs.","patternProperties":{"^.+$":{"type":["string","number"]}}},"ipam":{"type":"object","description":"Custom IP Address Management configuration for this network.","properties":{"driver":{"type":"string","description":"Custom IPAM driver, instead of the default."},"config":{"type":"array","description":"List of IPAM configuration blocks.","items":{"type":"object","properties":{"subnet":{"type":"string","description":"Subnet in CIDR format that represents a network segment."},"ip_range":{"type":"string","description":"Range of IPs from which to allocate container IPs."},"gateway":{"type":"string","description":"IPv4 or IPv6 gateway for the subnet."},"aux_addresses":{"type":"object","description":"Auxiliary IPv4 or IPv6 addresses used by Network driver.","additionalProperties":false,"patternProperties":{"^.+$":{"type":"string"}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}}},"options":{"type":"object","description":"Driver-specific options for the IPAM driver.","additionalProperties":false,"patternProperties":{"^.+$":{"type":"string"}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"external":{"type":["boolean","string","object"],"description":"Specifies that this network already exists and was created outside of Compose.","properties":{"name":{"deprecated":true,"type":"string","description":"Specifies the name of the external network. Deprecated: use the 'name' property instead."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"internal":{"type":["boolean","string"],"description":"Create an externally isolated network."},"enable_ipv4":{"type":["boolean","string"],"description":"Enable IPv4 networking."},"enable_ipv6":{"type":["boolean","string"],"description":"Enable IPv6 networking."},"attachable":{"type":["boolean","string"],"description":"If true, standalone containers can attach to this network."},"labels":{"$ref":"#/definitions/list_or_dict","description":"Add metadata to the network using labels."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"volume":{"type":["object","null"],"description":"Volume configuration for the Compose application.","properties":{"name":{"type":"string","description":"Custom name for this volume."},"driver":{"type":"string","description":"Specify which volume driver should be used for this volume."},"driver_opts":{"type":"object","description":"Specify driver-specific options.","patternProperties":{"^.+$":{"type":["string","number"]}}},"external":{"type":["boolean","string","object"],"description":"Specifies that this volume already exists and was created outside of Compose.","properties":{"name":{"deprecated":true,"type":"string","description":"Specifies the name of the external volume. Deprecated: use the 'name' property instead."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"labels":{"$ref":"#/definitions/list_or_dict","description":"Add metadata to the volume using labels."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"secret":{"type":"object","description":"Secret configuration for the Compose application.","properties":{"name":{"type":"string","description":"Custom name for this secret."},"environment":{"type":"string","description":"Name of an environment variable from which to get the secret value."},"file":{"type":"string","description":"Path to a file containing the secret value."},"external":{"type":["boolean","string","object"],"description":"Specifies that this secret already exists and was created outside of Compose.","properties":{"name":{"type":"string","description":"Specifies the name of the external secret."}}},"labels":{"$ref":"#/definitions/list_or_dict","description":"Add metadata to the secret using labels."},"driver":{"type":"string","description":"Specify which secret driver should be used for this secret."},"driver_opts":{"type":"object","description":"Specify driver-specific options.","patternProperties":{"^.+$":{"type":["string","number"]}}},"template_driver":{"type":"string","description":"Driver to use for templating the secret's value."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"config":{"type":"object","description":"Config configuration for the Compose application.","properties":{"name":{"type":"string","description":"Custom name for this config."},"content":{"type":"string","description":"Inline content of the config."},"environment":{"type":"string","description":"Name of an environment variable from which to get the config value."},"file":{"type":"string","description":"Path to a file containing the config value."},"external":{"type":["boolean","string","object"],"description":"Specifies that this config already exists and was created outside of Compose.","properties":{"name":{"deprecated":true,"type":"string","description":"Specifies the name of the external config. Deprecated: use the 'name' property instead."}}},"labels":{"$ref":"#/definitions/list_or_dict","description":"Add metadata to the config using labels."},"template_driver":{"type":"string","description":"Driver to use for templating the config's value."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"model":{"type":"object","description":"Language Model for the Compose application.","properties":{"name":{"type":"string","description":"Custom name for this model."},"model":{"type":"string","description":"Language Model to run."},"context_size":{"type":"integer"},"runtime_flags":{"type":"array","items":{"type":"string"},"description":"Raw runtime flags to pass to the inference engine."}},"required":["model"],"additionalProperties":false,"patternProperties":{"^x-":{}}},"command":{"oneOf":[{"type":"null","description":"No command specified, use the container's default command."},{"type":"string","description":"Command as a string, which will be executed in a shell (e.g., '/bin/sh -c')."},{"type":"array","description":"Command as an array of strings, which will be executed directly without a shell.","items":{"type":"string","description":"Part of the command (executable or argument)."}}],"description":"Command to run in the container, which can be specified as a string (shell form) or array (exec form)."},"service_hook":{"type":"object","description":"Configuration for service lifecycle hooks, which are commands executed at specific points in a container's lifecycle.","properties":{"command":{"$ref":"#/definitions/command","description":"Command to execute as part of the hook."},"user":{"type":"string","description":"User to run the command as."},"privileged":{"type":["boolean","string"],"description":"Whether to run the command with extended privileges."},"working_dir":{"type":"string","description":"Working directory for the command."},"environment":{"$ref":"#/definitions/list_or_dict","description":"Environment variables for the command."}},"additionalProperties":false,"patternProperties":{"^x-":{}},"required":["command"]},"env_file":{"oneOf":[{"type":"string","description":"Path to a file containing environment variables."},{"type":"array","description":"List of paths to files containing environment variables.","items":{"oneOf":[{"type":"string","description":"Path to a file containing environment variables."},{"type":"object","description":"Detailed configuration for an environment file.","additionalProperties":false,"properties":{"path":{"type":"string","description":"Path to the environment file."},"format":{"type":"string","description":"Format attribute lets you to use an alternative file formats for env_file. When not set, env_file is parsed according to Compose rules."},"required":{"type":["boolean","string"],"default":true,"description":"Whether the file is required. If true and the file doesn't exist, an error will be raised."}},"required":["path"]}]}}]},"label_file":{"oneOf":[{"type":"string","description":"Path to a file containing Docker labels."},{"type":"array","description":"List of paths to files containing Docker labels.","items":{"type":"string","description":"Path to a file containing Docker labels."}}]},"string_or_list":{"oneOf":[{"type":"string","description":"A single string value."},{"$ref":"#/definitions/list_of_strings","description":"A list of string values."}],"description":"Either a single string or a list of strings."},"list_of_strings":{"type":"array","description":"A list of unique string values.","items":{"type":"string","description":"A string value in the list."},"uniqueItems":true},"list_or_dict":{"oneOf":[{"type":"object","description":"A dictionary mapping keys to values.","patternProperties":{".+":{"type":["string","number","boolean","null"],"description":"Value for the key, which can be a string, number, boolean, or null."}},"additionalProperties":false},{"type":"array","description":"A list of unique string values.","items":{"type":"string","description":"A string value in the list."},"uniqueItems":true}],"description":"Either a dictionary mapping keys to values, or a list of strings."},"extra_hosts":{"oneOf":[{"type":"object","description":"list mapping hostnames to IP addresses.","patternProperties":{".+":{"oneOf":[{"type":"string","description":"IP address for the hostname."},{"type":"array","description":"List of IP addresses for the hostname.","items":{"type":"string","description":"IP address for the hostname."},"uniqueItems":false}]}},"additionalProperties":false},{"type":"array","description":"List of host:IP mappings in the format 'hostname:IP'.","items":{"type":"string","description":"Host:IP mapping in the format 'hostname:IP'."},"uniqueItems":true}],"description":"Additional hostnames to be defined in the container's /etc/hosts file."},"blkio_limit":{"type":"object","description":"Block IO limit for a specific device.","properties":{"path":{"type":"string","description":"Path to the device (e.g., '/dev/sda')."},"rate":{"type":["integer","string"],"description":"Rate limit in bytes per second or IO operations per second."}},"additionalProperties":false},"blkio_weight":{"type":"object","description":"Block IO weight for a specific device.","properties":{"path":{"type":"string","description":"Path to the device (e.g., '/dev/sda')."},"weight":{"type":["integer","string"],"description":"Relative weight for the device, between 10 and 1000."}},"additionalProperties":false},"service_config_or_secret":{"type":"array","description":"Configuration for service configs or secrets, defining how they are mounted in the container.","items":{"oneOf":[{"type":"string","description":"Name of the config or secret to grant access to."},{"type":"object","description":"Detailed configuration for a config or secret.","properties":{"source":{"type":"string","description":"Name of the config or secret as defined in the top-level configs or secrets section."},"target":{"type":"string","description":"Path in the container where the config or secret will be mounted. Defaults to /<source> for configs and /run/secrets/<source> for secrets."},"uid":{"type":"string","description":"UID of the file in the container. Default is 0 (root)."},"gid":{"type":"string","description":"GID of the file in the container. Default is 0 (root)."},"mode":{"type":["number","string"],"description":"File permission mode inside the container, in octal. Default is 0444 for configs and 0400 for secrets."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}]}},"ulimits":{"type":"object","description":"Container ulimit options, controlling resource limits for processes inside the container.","patternProperties":{"^[a-z]+$":{"oneOf":[{"type":["integer","string"],"description":"Single value for both soft and hard limits."},{"type":"object","description":"Separate soft and hard limits.","properties":{"hard":{"type":["integer","string"],"description":"Hard limit for the ulimit type. This is the maximum allowed value."},"soft":{"type":["integer","string"],"description":"Soft limit for the ulimit type. This is the value that's actually enforced."}},"required":["soft","hard"],"additionalProperties":false,"patternProperties":{"^x-":{}}}]}}}}};
const func0 = Object.prototype.hasOwnProperty;
const pattern0 = new RegExp("^x-", "u");
const pattern1 = new RegExp("^[a-zA-Z0-9._-]+$", "u");
const schema1 = {"description":"Compose application or sub-projects to be included.","oneOf":[{"type":"string"},{"type":"object","properties":{"path":{"$ref":"#/definitions/string_or_list","description":"Path to the Compose application or sub-project files to include."},"env_file":{"$ref":"#/definitions/string_or_list","description":"Path to the environment files to use to define default values when interpolating variables in the Compose files being parsed."},"project_directory":{"type":"string","description":"Path to resolve relative paths set in the Compose file"}},"additionalProperties":false}]};
const schema2 = {"oneOf":[{"type":"string","description":"A single string value."},{"$ref":"#/definitions/list_of_strings","description":"A list of string values."}],"description":"Either a single string or a list of strings."};
const schema3 = {"type":"array","description":"A list of unique string values.","items":{"type":"string","description":"A string value in the list."},"uniqueItems":true};

function validate3(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(errors === 0){
if(Array.isArray(data)){
var valid0 = true;
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data0 = data[i0];
const _errs1 = errors;
if(typeof data0 !== "string"){
validate3.errors = [{instancePath:instancePath+"/" + i0,schemaPath:"#/items/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs2 = errors;
if(errors === _errs1){
}
var valid0 = _errs1 === errors;
if(!valid0){
break;
}
}
if(valid0){
let valid1;
let i1 = data.length;
let j0;
valid1 = true;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
validate3.errors = [{instancePath,schemaPath:"#/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)"}];
return false;
valid1 = false;
break;
}
indices0[item0] = i1;
}
}
if(valid1){
}
}
}
else {
validate3.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === 0){
}
}
validate3.errors = vErrors;
return errors === 0;
}


function validate2(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
let passing0 = null;
const _errs1 = errors;
if(typeof data !== "string"){
const err0 = {instancePath,schemaPath:"#/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs2 = errors;
if(errors === _errs1){
}
var _valid0 = _errs1 === errors;
if(_valid0){
valid0 = true;
passing0 = 0;
}
const _errs3 = errors;
if(!(validate3(data, {instancePath,parentData,parentDataProperty,rootData}))){
vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);
errors = vErrors.length;
}
else {
}
var _valid0 = _errs3 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid0 = true;
passing0 = 1;
}
}
if(!valid0){
const err1 = {instancePath,schemaPath:"#/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
validate2.errors = vErrors;
return false;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
if(errors === 0){
}
validate2.errors = vErrors;
return errors === 0;
}


function validate1(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
let passing0 = null;
const _errs1 = errors;
if(typeof data !== "string"){
const err0 = {instancePath,schemaPath:"#/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs2 = errors;
if(errors === _errs1){
}
var _valid0 = _errs1 === errors;
if(_valid0){
valid0 = true;
passing0 = 0;
}
const _errs3 = errors;
const _errs4 = errors;
if(errors === _errs3){
if(data && typeof data == "object" && !Array.isArray(data)){
const _errs5 = errors;
for(const key0 in data){
if(!(((key0 === "path") || (key0 === "env_file")) || (key0 === "project_directory"))){
const err1 = {instancePath,schemaPath:"#/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
break;
}
}
if(_errs5 === errors){
if(data.path !== undefined){
let data0 = data.path;
const _errs6 = errors;
if(!(validate2(data0, {instancePath:instancePath+"/path",parentData:data,parentDataProperty:"path",rootData}))){
vErrors = vErrors === null ? validate2.errors : vErrors.concat(validate2.errors);
errors = vErrors.length;
}
else {
}
var valid1 = _errs6 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data.env_file !== undefined){
let data1 = data.env_file;
const _errs7 = errors;
if(!(validate2(data1, {instancePath:instancePath+"/env_file",parentData:data,parentDataProperty:"env_file",rootData}))){
vErrors = vErrors === null ? validate2.errors : vErrors.concat(validate2.errors);
errors = vErrors.length;
}
else {
}
var valid1 = _errs7 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data.project_directory !== undefined){
let data2 = data.project_directory;
const _errs8 = errors;
if(typeof data2 !== "string"){
const err2 = {instancePath:instancePath+"/project_directory",schemaPath:"#/oneOf/1/properties/project_directory/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
const _errs9 = errors;
if(errors === _errs8){
}
var valid1 = _errs8 === errors;
}
else {
var valid1 = true;
}
if(valid1){
}
}
}
}
}
else {
const err3 = {instancePath,schemaPath:"#/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(errors === _errs3){
}
}
var _valid0 = _errs3 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid0 = true;
passing0 = 1;
}
}
if(!valid0){
const err4 = {instancePath,schemaPath:"#/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
validate1.errors = vErrors;
return false;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
if(errors === 0){
}
validate1.errors = vErrors;
return errors === 0;
}

const schema4 = {"type":"object","description":"Configuration for a service.","properties":{"develop":{"$ref":"#/definitions/development"},"deploy":{"$ref":"#/definitions/deployment"},"annotations":{"$ref":"#/definitions/list_or_dict"},"attach":{"type":["boolean","string"]},"build":{"description":"Configuration options for building the service's image.","oneOf":[{"type":"string","description":"Path to the build context. Can be a relative path or a URL."},{"type":"object","properties":{"context":{"type":"string","description":"Path to the build context. Can be a relative path or a URL."},"dockerfile":{"type":"string","description":"Name of the Dockerfile to use for building the image."},"dockerfile_inline":{"type":"string","description":"Inline Dockerfile content to use instead of a Dockerfile from the build context."},"entitlements":{"type":"array","items":{"type":"string"},"description":"List of extra privileged entitlements to grant to the build process."},"args":{"$ref":"#/definitions/list_or_dict","description":"Build-time variables, specified as a map or a list of KEY=VAL pairs."},"ssh":{"$ref":"#/definitions/list_or_dict","description":"SSH agent socket or keys to expose to the build. Format is either a string or a list of 'default|<id>[=<socket>|<key>[,<key>]]'."},"labels":{"$ref":"#/definitions/list_or_dict","description":"Labels to apply to the built image."},"cache_from":{"type":"array","items":{"type":"string"},"description":"List of sources the image builder should use for cache resolution"},"cache_to":{"type":"array","items":{"type":"string"},"description":"Cache destinations for the build cache."},"no_cache":{"type":["boolean","string"],"description":"Do not use cache when building the image."},"additional_contexts":{"$ref":"#/definitions/list_or_dict","description":"Additional build contexts to use, specified as a map of name to context path or URL."},"network":{"type":"string","description":"Network mode to use for the build. Options include 'default', 'none', 'host', or a network name."},"provenance":{"type":["string","boolean"],"description":"Add a provenance attestation"},"sbom":{"type":["string","boolean"],"description":"Add a SBOM attestation"},"pull":{"type":["boolean","string"],"description":"Always attempt to pull a newer version of the image."},"target":{"type":"string","description":"Build stage to target in a multi-stage Dockerfile."},"shm_size":{"type":["integer","string"],"description":"Size of /dev/shm for the build container. A string value can use suffix like '2g' for 2 gigabytes."},"extra_hosts":{"$ref":"#/definitions/extra_hosts","description":"Add hostname mappings for the build container."},"isolation":{"type":"string","description":"Container isolation technology to use for the build process."},"privileged":{"type":["boolean","string"],"description":"Give extended privileges to the build container."},"secrets":{"$ref":"#/definitions/service_config_or_secret","description":"Secrets to expose to the build. These are accessible at build-time."},"tags":{"type":"array","items":{"type":"string"},"description":"Additional tags to apply to the built image."},"ulimits":{"$ref":"#/definitions/ulimits","description":"Override the default ulimits for the build container."},"platforms":{"type":"array","items":{"type":"string"},"description":"Platforms to build for, e.g., 'linux/amd64', 'linux/arm64', or 'windows/amd64'."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}]},"blkio_config":{"type":"object","description":"Block IO configuration for the service.","properties":{"device_read_bps":{"type":"array","description":"Limit read rate (bytes per second) from a device.","items":{"$ref":"#/definitions/blkio_limit"}},"device_read_iops":{"type":"array","description":"Limit read rate (IO per second) from a device.","items":{"$ref":"#/definitions/blkio_limit"}},"device_write_bps":{"type":"array","description":"Limit write rate (bytes per second) to a device.","items":{"$ref":"#/definitions/blkio_limit"}},"device_write_iops":{"type":"array","description":"Limit write rate (IO per second) to a device.","items":{"$ref":"#/definitions/blkio_limit"}},"weight":{"type":["integer","string"],"description":"Block IO weight (relative weight) for the service, between 10 and 1000."},"weight_device":{"type":"array","description":"Block IO weight (relative weight) for specific devices.","items":{"$ref":"#/definitions/blkio_weight"}}},"additionalProperties":false},"cap_add":{"type":"array","items":{"type":"string"},"uniqueItems":true,"description":"Add Linux capabilities. For example, 'CAP_SYS_ADMIN', 'SYS_ADMIN', or 'NET_ADMIN'."},"cap_drop":{"type":"array","items":{"type":"string"},"uniqueItems":true,"description":"Drop Linux capabilities. For example, 'CAP_SYS_ADMIN', 'SYS_ADMIN', or 'NET_ADMIN'."},"cgroup":{"type":"string","enum":["host","private"],"description":"Specify the cgroup namespace to join. Use 'host' to use the host's cgroup namespace, or 'private' to use a private cgroup namespace."},"cgroup_parent":{"type":"string","description":"Specify an optional parent cgroup for the container."},"command":{"$ref":"#/definitions/command","description":"Override the default command declared by the container image, for example 'CMD' in Dockerfile."},"configs":{"$ref":"#/definitions/service_config_or_secret","description":"Grant access to Configs on a per-service basis."},"container_name":{"type":"string","description":"Specify a custom container name, rather than a generated default name.","pattern":"[a-zA-Z0-9][a-zA-Z0-9_.-]+"},"cpu_count":{"oneOf":[{"type":"string"},{"type":"integer","minimum":0}],"description":"Number of usable CPUs."},"cpu_percent":{"oneOf":[{"type":"string"},{"type":"integer","minimum":0,"maximum":100}],"description":"Percentage of CPU resources to use."},"cpu_shares":{"type":["number","string"],"description":"CPU shares (relative weight) for the container."},"cpu_quota":{"type":["number","string"],"description":"Limit the CPU CFS (Completely Fair Scheduler) quota."},"cpu_period":{"type":["number","string"],"description":"Limit the CPU CFS (Completely Fair Scheduler) period."},"cpu_rt_period":{"type":["number","string"],"description":"Limit the CPU real-time period in microseconds or a duration."},"cpu_rt_runtime":{"type":["number","string"],"description":"Limit the CPU real-time runtime in microseconds or a duration."},"cpus":{"type":["number","string"],"description":"Number of CPUs to use. A floating-point value is supported to request partial CPUs."},"cpuset":{"type":"string","description":"CPUs in which to allow execution (0-3, 0,1)."},"credential_spec":{"type":"object","description":"Configure the credential spec for managed service account.","properties":{"config":{"type":"string","description":"The name of the credential spec Config to use."},"file":{"type":"string","description":"Path to a credential spec file."},"registry":{"type":"string","description":"Path to a credential spec in the Windows registry."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"depends_on":{"oneOf":[{"$ref":"#/definitions/list_of_strings"},{"type":"object","additionalProperties":false,"patternProperties":{"^[a-zA-Z0-9._-]+$":{"type":"object","additionalProperties":false,"patternProperties":{"^x-":{}},"properties":{"restart":{"type":["boolean","string"],"description":"Whether to restart dependent services when this service is restarted."},"required":{"type":"boolean","default":true,"description":"Whether the dependency is required for the dependent service to start."},"condition":{"type":"string","enum":["service_started","service_healthy","service_completed_successfully"],"description":"Condition to wait for. 'service_started' waits until the service has started, 'service_healthy' waits until the service is healthy (as defined by its healthcheck), 'service_completed_successfully' waits until the service has completed successfully."}},"required":["condition"]}}}],"description":"Express dependency between services. Service dependencies cause services to be started in dependency order. The dependent service will wait for the dependency to be ready before starting."},"device_cgroup_rules":{"$ref":"#/definitions/list_of_strings","description":"Add rules to the cgroup allowed devices list."},"devices":{"type":"array","description":"List of device mappings for the container.","items":{"oneOf":[{"type":"string"},{"type":"object","required":["source"],"properties":{"source":{"type":"string","description":"Path on the host to the device."},"target":{"type":"string","description":"Path in the container where the device will be mapped."},"permissions":{"type":"string","description":"Cgroup permissions for the device (rwm)."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}]}},"dns":{"$ref":"#/definitions/string_or_list","description":"Custom DNS servers to set for the service container."},"dns_opt":{"type":"array","items":{"type":"string"},"uniqueItems":true,"description":"Custom DNS options to be passed to the container's DNS resolver."},"dns_search":{"$ref":"#/definitions/string_or_list","description":"Custom DNS search domains to set on the service container."},"domainname":{"type":"string","description":"Custom domain name to use for the service container."},"entrypoint":{"$ref":"#/definitions/command","description":"Override the default entrypoint declared by the container image, for example 'ENTRYPOINT' in Dockerfile."},"env_file":{"$ref":"#/definitions/env_file","description":"Add environment variables from a file or multiple files. Can be a single file path or a list of file paths."},"label_file":{"$ref":"#/definitions/label_file","description":"Add metadata to containers using files containing Docker labels."},"environment":{"$ref":"#/definitions/list_or_dict","description":"Add environment variables. You can use either an array or a list of KEY=VAL pairs."},"expose":{"type":"array","items":{"type":["string","number"]},"uniqueItems":true,"description":"Expose ports without publishing them to the host machine - they'll only be accessible to linked services."},"extends":{"oneOf":[{"type":"string"},{"type":"object","properties":{"service":{"type":"string","description":"The name of the service to extend."},"file":{"type":"string","description":"The file path where the service to extend is defined."}},"required":["service"],"additionalProperties":false}],"description":"Extend another service, in the current file or another file."},"provider":{"type":"object","description":"Specify a service which will not be manage by Compose directly, and delegate its management to an external provider.","required":["type"],"properties":{"type":{"type":"string","description":"External component used by Compose to manage setup and teardown lifecycle of the service."},"options":{"type":"object","description":"Provider-specific options.","patternProperties":{"^.+$":{"oneOf":[{"type":["string","number","boolean"]},{"type":"array","items":{"type":["string","number","boolean"]}}]}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"external_links":{"type":"array","items":{"type":"string"},"uniqueItems":true,"description":"Link to services started outside this Compose application. Specify services as <service_name>:<alias>."},"extra_hosts":{"$ref":"#/definitions/extra_hosts","description":"Add hostname mappings to the container network interface configuration."},"gpus":{"$ref":"#/definitions/gpus","description":"Define GPU devices to use. Can be set to 'all' to use all GPUs, or a list of specific GPU devices."},"group_add":{"type":"array","items":{"type":["string","number"]},"uniqueItems":true,"description":"Add additional groups which user inside the container should be member of."},"healthcheck":{"$ref":"#/definitions/healthcheck","description":"Configure a health check for the container to monitor its health status."},"hostname":{"type":"string","description":"Define a custom hostname for the service container."},"image":{"type":"string","description":"Specify the image to start the container from. Can be a repository/tag, a digest, or a local image ID."},"init":{"type":["boolean","string"],"description":"Run as an init process inside the container that forwards signals and reaps processes."},"ipc":{"type":"string","description":"IPC sharing mode for the service container. Use 'host' to share the host's IPC namespace, 'service:[service_name]' to share with another service, or 'shareable' to allow other services to share this service's IPC namespace."},"isolation":{"type":"string","description":"Container isolation technology to use. Supported values are platform-specific."},"labels":{"$ref":"#/definitions/list_or_dict","description":"Add metadata to containers using Docker labels. You can use either an array or a list."},"links":{"type":"array","items":{"type":"string"},"uniqueItems":true,"description":"Link to containers in another service. Either specify both the service name and a link alias (SERVICE:ALIAS), or just the service name."},"logging":{"type":"object","description":"Logging configuration for the service.","properties":{"driver":{"type":"string","description":"Logging driver to use, such as 'json-file', 'syslog', 'journald', etc."},"options":{"type":"object","description":"Options for the logging driver.","patternProperties":{"^.+$":{"type":["string","number","null"]}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"mac_address":{"type":"string","description":"Container MAC address to set."},"mem_limit":{"type":["number","string"],"description":"Memory limit for the container. A string value can use suffix like '2g' for 2 gigabytes."},"mem_reservation":{"type":["string","integer"],"description":"Memory reservation for the container."},"mem_swappiness":{"type":["integer","string"],"description":"Container memory swappiness as percentage (0 to 100)."},"memswap_limit":{"type":["number","string"],"description":"Amount of memory the container is allowed to swap to disk. Set to -1 to enable unlimited swap."},"network_mode":{"type":"string","description":"Network mode. Values can be 'bridge', 'host', 'none', 'service:[service name]', or 'container:[container name]'."},"models":{"oneOf":[{"$ref":"#/definitions/list_of_strings"},{"type":"object","patternProperties":{"^[a-zA-Z0-9._-]+$":{"type":"object","properties":{"endpoint_var":{"type":"string","description":"Environment variable set to AI model endpoint."},"model_var":{"type":"string","description":"Environment variable set to AI model name."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}}}],"description":"AI Models to use, referencing entries under the top-level models key."},"networks":{"oneOf":[{"$ref":"#/definitions/list_of_strings"},{"type":"object","patternProperties":{"^[a-zA-Z0-9._-]+$":{"oneOf":[{"type":"object","properties":{"aliases":{"$ref":"#/definitions/list_of_strings","description":"Alternative hostnames for this service on the network."},"interface_name":{"type":"string","description":"Interface network name used to connect to network"},"ipv4_address":{"type":"string","description":"Specify a static IPv4 address for this service on this network."},"ipv6_address":{"type":"string","description":"Specify a static IPv6 address for this service on this network."},"link_local_ips":{"$ref":"#/definitions/list_of_strings","description":"List of link-local IPs."},"mac_address":{"type":"string","description":"Specify a MAC address for this service on this network."},"driver_opts":{"type":"object","description":"Driver options for this network.","patternProperties":{"^.+$":{"type":["string","number"]}}},"priority":{"type":"number","description":"Specify the priority for the network connection."},"gw_priority":{"type":"number","description":"Specify the gateway priority for the network connection."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},{"type":"null"}]}},"additionalProperties":false}],"description":"Networks to join, referencing entries under the top-level networks key. Can be a list of network names or a mapping of network name to network configuration."},"oom_kill_disable":{"type":["boolean","string"],"description":"Disable OOM Killer for the container."},"oom_score_adj":{"oneOf":[{"type":"string"},{"type":"integer","minimum":-1000,"maximum":1000}],"description":"Tune host's OOM preferences for the container (accepts -1000 to 1000)."},"pid":{"type":["string","null"],"description":"PID mode for container."},"pids_limit":{"type":["number","string"],"description":"Tune a container's PIDs limit. Set to -1 for unlimited PIDs."},"platform":{"type":"string","description":"Target platform to run on, e.g., 'linux/amd64', 'linux/arm64', or 'windows/amd64'."},"ports":{"type":"array","description":"Expose container ports. Short format ([HOST:]CONTAINER[/PROTOCOL]).","items":{"oneOf":[{"type":"number"},{"type":"string"},{"type":"object","properties":{"name":{"type":"string","description":"A human-readable name for this port mapping."},"mode":{"type":"string","description":"The port binding mode, either 'host' for publishing a host port or 'ingress' for load balancing."},"host_ip":{"type":"string","description":"The host IP to bind to."},"target":{"type":["integer","string"],"description":"The port inside the container."},"published":{"type":["string","integer"],"description":"The publicly exposed port."},"protocol":{"type":"string","description":"The port protocol (tcp or udp)."},"app_protocol":{"type":"string","description":"Application protocol to use with the port (e.g., http, https, mysql)."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}]},"uniqueItems":true},"post_start":{"type":"array","items":{"$ref":"#/definitions/service_hook"},"description":"Commands to run after the container starts. If any command fails, the container stops."},"pre_stop":{"type":"array","items":{"$ref":"#/definitions/service_hook"},"description":"Commands to run before the container stops. If any command fails, the container stop is aborted."},"privileged":{"type":["boolean","string"],"description":"Give extended privileges to the service container."},"profiles":{"$ref":"#/definitions/list_of_strings","description":"List of profiles for this service. When profiles are specified, services are only started when the profile is activated."},"pull_policy":{"type":"string","pattern":"always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+","description":"Policy for pulling images. Options include: 'always', 'never', 'if_not_present', 'missing', 'build', or time-based refresh policies."},"pull_refresh_after":{"type":"string","description":"Time after which to refresh the image. Used with pull_policy=refresh."},"read_only":{"type":["boolean","string"],"description":"Mount the container's filesystem as read only."},"restart":{"type":"string","description":"Restart policy for the service container. Options include: 'no', 'always', 'on-failure', and 'unless-stopped'."},"runtime":{"type":"string","description":"Runtime to use for this container, e.g., 'runc'."},"scale":{"type":["integer","string"],"description":"Number of containers to deploy for this service."},"security_opt":{"type":"array","items":{"type":"string"},"uniqueItems":true,"description":"Override the default labeling scheme for each container."},"shm_size":{"type":["number","string"],"description":"Size of /dev/shm. A string value can use suffix like '2g' for 2 gigabytes."},"secrets":{"$ref":"#/definitions/service_config_or_secret","description":"Grant access to Secrets on a per-service basis."},"sysctls":{"$ref":"#/definitions/list_or_dict","description":"Kernel parameters to set in the container. You can use either an array or a list."},"stdin_open":{"type":["boolean","string"],"description":"Keep STDIN open even if not attached."},"stop_grace_period":{"type":"string","description":"Time to wait for the container to stop gracefully before sending SIGKILL (e.g., '1s', '1m30s')."},"stop_signal":{"type":"string","description":"Signal to stop the container (e.g., 'SIGTERM', 'SIGINT')."},"storage_opt":{"type":"object","description":"Storage driver options for the container."},"tmpfs":{"$ref":"#/definitions/string_or_list","description":"Mount a temporary filesystem (tmpfs) into the container. Can be a single value or a list."},"tty":{"type":["boolean","string"],"description":"Allocate a pseudo-TTY to service container."},"ulimits":{"$ref":"#/definitions/ulimits","description":"Override the default ulimits for a container."},"use_api_socket":{"type":"boolean","description":"Bind mount Docker API socket and required auth."},"user":{"type":"string","description":"Username or UID to run the container process as."},"uts":{"type":"string","description":"UTS namespace to use. 'host' shares the host's UTS namespace."},"userns_mode":{"type":"string","description":"User namespace to use. 'host' shares the host's user namespace."},"volumes":{"type":"array","description":"Mount host paths or named volumes accessible to the container. Short syntax (VOLUME:CONTAINER_PATH[:MODE])","items":{"oneOf":[{"type":"string"},{"type":"object","required":["type"],"properties":{"type":{"type":"string","enum":["bind","volume","tmpfs","cluster","npipe","image"],"description":"The mount type: bind for mounting host directories, volume for named volumes, tmpfs for temporary filesystems, cluster for cluster volumes, npipe for named pipes, or image for mounting from an image."},"source":{"type":"string","description":"The source of the mount, a path on the host for a bind mount, a docker image reference for an image mount, or the name of a volume defined in the top-level volumes key. Not applicable for a tmpfs mount."},"target":{"type":"string","description":"The path in the container where the volume is mounted."},"read_only":{"type":["boolean","string"],"description":"Flag to set the volume as read-only."},"consistency":{"type":"string","description":"The consistency requirements for the mount. Available values are platform specific."},"bind":{"type":"object","description":"Configuration specific to bind mounts.","properties":{"propagation":{"type":"string","description":"The propagation mode for the bind mount: 'shared', 'slave', 'private', 'rshared', 'rslave', or 'rprivate'."},"create_host_path":{"type":["boolean","string"],"description":"Create the host path if it doesn't exist."},"recursive":{"type":"string","enum":["enabled","disabled","writable","readonly"],"description":"Recursively mount the source directory."},"selinux":{"type":"string","enum":["z","Z"],"description":"SELinux relabeling options: 'z' for shared content, 'Z' for private unshared content."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"volume":{"type":"object","description":"Configuration specific to volume mounts.","properties":{"labels":{"$ref":"#/definitions/list_or_dict","description":"Labels to apply to the volume."},"nocopy":{"type":["boolean","string"],"description":"Flag to disable copying of data from a container when a volume is created."},"subpath":{"type":"string","description":"Path within the volume to mount instead of the volume root."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"tmpfs":{"type":"object","description":"Configuration specific to tmpfs mounts.","properties":{"size":{"oneOf":[{"type":"integer","minimum":0},{"type":"string"}],"description":"Size of the tmpfs mount in bytes."},"mode":{"type":["number","string"],"description":"File mode of the tmpfs in octal."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"image":{"type":"object","description":"Configuration specific to image mounts.","properties":{"subpath":{"type":"string","description":"Path within the image to mount instead of the image root."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}}]},"uniqueItems":true},"volumes_from":{"type":"array","items":{"type":"string"},"uniqueItems":true,"description":"Mount volumes from another service or container. Optionally specify read-only access (ro) or read-write (rw)."},"working_dir":{"type":"string","description":"The working directory in which the entrypoint or command will be run"}},"patternProperties":{"^x-":{}},"additionalProperties":false};
const func5 = require("ajv/dist/runtime/equal").default;
const pattern27 = new RegExp("[a-zA-Z0-9][a-zA-Z0-9_.-]+", "u");
const pattern34 = new RegExp("^.+$", "u");
const pattern46 = new RegExp("always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+", "u");
const schema5 = {"type":["object","null"],"description":"Development configuration for the service, used for development workflows.","properties":{"watch":{"type":"array","description":"Configure watch mode for the service, which monitors file changes and performs actions in response.","items":{"type":"object","required":["path","action"],"properties":{"ignore":{"$ref":"#/definitions/string_or_list","description":"Patterns to exclude from watching."},"include":{"$ref":"#/definitions/string_or_list","description":"Patterns to include in watching."},"path":{"type":"string","description":"Path to watch for changes."},"action":{"type":"string","enum":["rebuild","sync","restart","sync+restart","sync+exec"],"description":"Action to take when a change is detected: rebuild the container, sync files, restart the container, sync and restart, or sync and execute a command."},"target":{"type":"string","description":"Target path in the container for sync operations."},"exec":{"$ref":"#/definitions/service_hook","description":"Command to execute when a change is detected and action is sync+exec."},"initial_sync":{"type":"boolean","description":"Ensure that an initial synchronization is done before starting watch mode for sync+x triggers"}},"additionalProperties":false,"patternProperties":{"^x-":{}}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}};
const schema6 = {"type":"object","description":"Configuration for service lifecycle hooks, which are commands executed at specific points in a container's lifecycle.","properties":{"command":{"$ref":"#/definitions/command","description":"Command to execute as part of the hook."},"user":{"type":"string","description":"User to run the command as."},"privileged":{"type":["boolean","string"],"description":"Whether to run the command with extended privileges."},"working_dir":{"type":"string","description":"Working directory for the command."},"environment":{"$ref":"#/definitions/list_or_dict","description":"Environment variables for the command."}},"additionalProperties":false,"patternProperties":{"^x-":{}},"required":["command"]};
const schema7 = {"oneOf":[{"type":"null","description":"No command specified, use the container's default command."},{"type":"string","description":"Command as a string, which will be executed in a shell (e.g., '/bin/sh -c')."},{"type":"array","description":"Command as an array of strings, which will be executed directly without a shell.","items":{"type":"string","description":"Part of the command (executable or argument)."}}],"description":"Command to run in the container, which can be specified as a string (shell form) or array (exec form)."};

function validate13(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
let passing0 = null;
const _errs1 = errors;
if(data !== null){
const err0 = {instancePath,schemaPath:"#/oneOf/0/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs2 = errors;
if(errors === _errs1){
}
var _valid0 = _errs1 === errors;
if(_valid0){
valid0 = true;
passing0 = 0;
}
const _errs3 = errors;
if(typeof data !== "string"){
const err1 = {instancePath,schemaPath:"#/oneOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
const _errs4 = errors;
if(errors === _errs3){
}
var _valid0 = _errs3 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid0 = true;
passing0 = 1;
}
const _errs5 = errors;
const _errs6 = errors;
if(errors === _errs5){
if(Array.isArray(data)){
var valid1 = true;
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data0 = data[i0];
const _errs7 = errors;
if(typeof data0 !== "string"){
const err2 = {instancePath:instancePath+"/" + i0,schemaPath:"#/oneOf/2/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
const _errs8 = errors;
if(errors === _errs7){
}
var valid1 = _errs7 === errors;
if(!valid1){
break;
}
}
if(valid1){
}
}
else {
const err3 = {instancePath,schemaPath:"#/oneOf/2/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(errors === _errs5){
}
}
var _valid0 = _errs5 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 2];
}
else {
if(_valid0){
valid0 = true;
passing0 = 2;
}
}
}
if(!valid0){
const err4 = {instancePath,schemaPath:"#/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
validate13.errors = vErrors;
return false;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
if(errors === 0){
}
validate13.errors = vErrors;
return errors === 0;
}

const schema8 = {"oneOf":[{"type":"object","description":"A dictionary mapping keys to values.","patternProperties":{".+":{"type":["string","number","boolean","null"],"description":"Value for the key, which can be a string, number, boolean, or null."}},"additionalProperties":false},{"type":"array","description":"A list of unique string values.","items":{"type":"string","description":"A string value in the list."},"uniqueItems":true}],"description":"Either a dictionary mapping keys to values, or a list of strings."};
const pattern7 = new RegExp(".+", "u");

function validate15(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
let passing0 = null;
const _errs1 = errors;
const _errs2 = errors;
if(errors === _errs1){
if(data && typeof data == "object" && !Array.isArray(data)){
const _errs3 = errors;
for(const key0 in data){
if(!(pattern7.test(key0))){
const err0 = {instancePath,schemaPath:"#/oneOf/0/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
break;
}
}
if(_errs3 === errors){
var valid1 = true;
for(const key1 in data){
if(pattern7.test(key1)){
let data0 = data[key1];
const _errs4 = errors;
if((((typeof data0 !== "string") && (!(typeof data0 == "number"))) && (typeof data0 !== "boolean")) && (data0 !== null)){
const err1 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/oneOf/0/patternProperties/.%2B/type",keyword:"type",params:{type: schema8.oneOf[0].patternProperties[".+"].type},message:"must be string,number,boolean,null"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
const _errs5 = errors;
if(errors === _errs4){
}
var valid1 = _errs4 === errors;
if(!valid1){
break;
}
}
}
if(valid1){
}
}
}
else {
const err2 = {instancePath,schemaPath:"#/oneOf/0/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(errors === _errs1){
}
}
var _valid0 = _errs1 === errors;
if(_valid0){
valid0 = true;
passing0 = 0;
}
const _errs6 = errors;
const _errs7 = errors;
if(errors === _errs6){
if(Array.isArray(data)){
var valid2 = true;
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data1 = data[i0];
const _errs8 = errors;
if(typeof data1 !== "string"){
const err3 = {instancePath:instancePath+"/" + i0,schemaPath:"#/oneOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const _errs9 = errors;
if(errors === _errs8){
}
var valid2 = _errs8 === errors;
if(!valid2){
break;
}
}
if(valid2){
let valid3;
let i1 = data.length;
let j0;
valid3 = true;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err4 = {instancePath,schemaPath:"#/oneOf/1/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
valid3 = false;
break;
}
indices0[item0] = i1;
}
}
if(valid3){
}
}
}
else {
const err5 = {instancePath,schemaPath:"#/oneOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(errors === _errs6){
}
}
var _valid0 = _errs6 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid0 = true;
passing0 = 1;
}
}
if(!valid0){
const err6 = {instancePath,schemaPath:"#/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
validate15.errors = vErrors;
return false;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
if(errors === 0){
}
validate15.errors = vErrors;
return errors === 0;
}


function validate12(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if((data.command === undefined) && (missing0 = "command")){
validate12.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 in data){
if(!((((((key0 === "command") || (key0 === "user")) || (key0 === "privileged")) || (key0 === "working_dir")) || (key0 === "environment")) || (pattern0.test(key0)))){
validate12.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.command !== undefined){
let data0 = data.command;
const _errs2 = errors;
if(!(validate13(data0, {instancePath:instancePath+"/command",parentData:data,parentDataProperty:"command",rootData}))){
vErrors = vErrors === null ? validate13.errors : vErrors.concat(validate13.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.user !== undefined){
let data1 = data.user;
const _errs3 = errors;
if(typeof data1 !== "string"){
validate12.errors = [{instancePath:instancePath+"/user",schemaPath:"#/properties/user/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs4 = errors;
if(errors === _errs3){
}
var valid0 = _errs3 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.privileged !== undefined){
let data2 = data.privileged;
const _errs5 = errors;
if((typeof data2 !== "boolean") && (typeof data2 !== "string")){
validate12.errors = [{instancePath:instancePath+"/privileged",schemaPath:"#/properties/privileged/type",keyword:"type",params:{type: schema6.properties.privileged.type},message:"must be boolean,string"}];
return false;
}
const _errs6 = errors;
if(errors === _errs5){
}
var valid0 = _errs5 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.working_dir !== undefined){
let data3 = data.working_dir;
const _errs7 = errors;
if(typeof data3 !== "string"){
validate12.errors = [{instancePath:instancePath+"/working_dir",schemaPath:"#/properties/working_dir/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs8 = errors;
if(errors === _errs7){
}
var valid0 = _errs7 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.environment !== undefined){
let data4 = data.environment;
const _errs9 = errors;
if(!(validate15(data4, {instancePath:instancePath+"/environment",parentData:data,parentDataProperty:"environment",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs9 === errors;
}
else {
var valid0 = true;
}
if(valid0){
}
}
}
}
}
}
}
}
else {
validate12.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === 0){
}
}
validate12.errors = vErrors;
return errors === 0;
}


function validate9(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((!(data && typeof data == "object" && !Array.isArray(data))) && (data !== null)){
validate9.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: schema5.type},message:"must be object,null"}];
return false;
}
const _errs0 = errors;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
const _errs1 = errors;
for(const key0 in data){
if(!((key0 === "watch") || (pattern0.test(key0)))){
validate9.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.watch !== undefined){
let data0 = data.watch;
const _errs2 = errors;
const _errs3 = errors;
if(errors === _errs2){
if(Array.isArray(data0)){
var valid1 = true;
const len0 = data0.length;
for(let i0=0; i0<len0; i0++){
let data1 = data0[i0];
const _errs4 = errors;
const _errs5 = errors;
if(errors === _errs4){
if(data1 && typeof data1 == "object" && !Array.isArray(data1)){
let missing0;
if(((data1.path === undefined) && (missing0 = "path")) || ((data1.action === undefined) && (missing0 = "action"))){
validate9.errors = [{instancePath:instancePath+"/watch/" + i0,schemaPath:"#/properties/watch/items/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs6 = errors;
for(const key1 in data1){
if(!((((((((key1 === "ignore") || (key1 === "include")) || (key1 === "path")) || (key1 === "action")) || (key1 === "target")) || (key1 === "exec")) || (key1 === "initial_sync")) || (pattern0.test(key1)))){
validate9.errors = [{instancePath:instancePath+"/watch/" + i0,schemaPath:"#/properties/watch/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs6 === errors){
if(data1.ignore !== undefined){
let data2 = data1.ignore;
const _errs7 = errors;
if(!(validate2(data2, {instancePath:instancePath+"/watch/" + i0+"/ignore",parentData:data1,parentDataProperty:"ignore",rootData}))){
vErrors = vErrors === null ? validate2.errors : vErrors.concat(validate2.errors);
errors = vErrors.length;
}
else {
}
var valid2 = _errs7 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data1.include !== undefined){
let data3 = data1.include;
const _errs8 = errors;
if(!(validate2(data3, {instancePath:instancePath+"/watch/" + i0+"/include",parentData:data1,parentDataProperty:"include",rootData}))){
vErrors = vErrors === null ? validate2.errors : vErrors.concat(validate2.errors);
errors = vErrors.length;
}
else {
}
var valid2 = _errs8 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data1.path !== undefined){
let data4 = data1.path;
const _errs9 = errors;
if(typeof data4 !== "string"){
validate9.errors = [{instancePath:instancePath+"/watch/" + i0+"/path",schemaPath:"#/properties/watch/items/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs10 = errors;
if(errors === _errs9){
}
var valid2 = _errs9 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data1.action !== undefined){
let data5 = data1.action;
const _errs11 = errors;
if(typeof data5 !== "string"){
validate9.errors = [{instancePath:instancePath+"/watch/" + i0+"/action",schemaPath:"#/properties/watch/items/properties/action/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs12 = errors;
const vSchema0 = schema5.properties.watch.items.properties.action.enum;
if(!(((((data5 === "rebuild") || (data5 === "sync")) || (data5 === "restart")) || (data5 === "sync+restart")) || (data5 === "sync+exec"))){
validate9.errors = [{instancePath:instancePath+"/watch/" + i0+"/action",schemaPath:"#/properties/watch/items/properties/action/enum",keyword:"enum",params:{allowedValues: schema5.properties.watch.items.properties.action.enum},message:"must be equal to one of the allowed values"}];
return false;
}
else {
}
if(errors === _errs11){
}
var valid2 = _errs11 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data1.target !== undefined){
let data6 = data1.target;
const _errs13 = errors;
if(typeof data6 !== "string"){
validate9.errors = [{instancePath:instancePath+"/watch/" + i0+"/target",schemaPath:"#/properties/watch/items/properties/target/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs14 = errors;
if(errors === _errs13){
}
var valid2 = _errs13 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data1.exec !== undefined){
let data7 = data1.exec;
const _errs15 = errors;
if(!(validate12(data7, {instancePath:instancePath+"/watch/" + i0+"/exec",parentData:data1,parentDataProperty:"exec",rootData}))){
vErrors = vErrors === null ? validate12.errors : vErrors.concat(validate12.errors);
errors = vErrors.length;
}
else {
}
var valid2 = _errs15 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data1.initial_sync !== undefined){
let data8 = data1.initial_sync;
const _errs16 = errors;
if(typeof data8 !== "boolean"){
validate9.errors = [{instancePath:instancePath+"/watch/" + i0+"/initial_sync",schemaPath:"#/properties/watch/items/properties/initial_sync/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
const _errs17 = errors;
if(errors === _errs16){
}
var valid2 = _errs16 === errors;
}
else {
var valid2 = true;
}
if(valid2){
}
}
}
}
}
}
}
}
}
}
else {
validate9.errors = [{instancePath:instancePath+"/watch/" + i0,schemaPath:"#/properties/watch/items/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs4){
}
}
var valid1 = _errs4 === errors;
if(!valid1){
break;
}
}
if(valid1){
}
}
else {
validate9.errors = [{instancePath:instancePath+"/watch",schemaPath:"#/properties/watch/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs2){
}
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
}
}
}
if(errors === 0){
}
}
validate9.errors = vErrors;
return errors === 0;
}

const schema9 = {"type":["object","null"],"description":"Deployment configuration for the service.","properties":{"mode":{"type":"string","description":"Deployment mode for the service: 'replicated' (default) or 'global'."},"endpoint_mode":{"type":"string","description":"Endpoint mode for the service: 'vip' (default) or 'dnsrr'."},"replicas":{"type":["integer","string"],"description":"Number of replicas of the service container to run."},"labels":{"$ref":"#/definitions/list_or_dict","description":"Labels to apply to the service."},"rollback_config":{"type":"object","description":"Configuration for rolling back a service update.","properties":{"parallelism":{"type":["integer","string"],"description":"The number of containers to rollback at a time. If set to 0, all containers rollback simultaneously."},"delay":{"type":"string","description":"The time to wait between each container group's rollback (e.g., '1s', '1m30s')."},"failure_action":{"type":"string","description":"Action to take if a rollback fails: 'continue', 'pause'."},"monitor":{"type":"string","description":"Duration to monitor each task for failures after it is created (e.g., '1s', '1m30s')."},"max_failure_ratio":{"type":["number","string"],"description":"Failure rate to tolerate during a rollback."},"order":{"type":"string","enum":["start-first","stop-first"],"description":"Order of operations during rollbacks: 'stop-first' (default) or 'start-first'."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"update_config":{"type":"object","description":"Configuration for updating a service.","properties":{"parallelism":{"type":["integer","string"],"description":"The number of containers to update at a time."},"delay":{"type":"string","description":"The time to wait between updating a group of containers (e.g., '1s', '1m30s')."},"failure_action":{"type":"string","description":"Action to take if an update fails: 'continue', 'pause', 'rollback'."},"monitor":{"type":"string","description":"Duration to monitor each updated task for failures after it is created (e.g., '1s', '1m30s')."},"max_failure_ratio":{"type":["number","string"],"description":"Failure rate to tolerate during an update (0 to 1)."},"order":{"type":"string","enum":["start-first","stop-first"],"description":"Order of operations during updates: 'stop-first' (default) or 'start-first'."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"resources":{"type":"object","description":"Resource constraints and reservations for the service.","properties":{"limits":{"type":"object","description":"Resource limits for the service containers.","properties":{"cpus":{"type":["number","string"],"description":"Limit for how much of the available CPU resources, as number of cores, a container can use."},"memory":{"type":"string","description":"Limit on the amount of memory a container can allocate (e.g., '1g', '1024m')."},"pids":{"type":["integer","string"],"description":"Maximum number of PIDs available to the container."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"reservations":{"type":"object","description":"Resource reservations for the service containers.","properties":{"cpus":{"type":["number","string"],"description":"Reservation for how much of the available CPU resources, as number of cores, a container can use."},"memory":{"type":"string","description":"Reservation on the amount of memory a container can allocate (e.g., '1g', '1024m')."},"generic_resources":{"$ref":"#/definitions/generic_resources","description":"User-defined resources to reserve."},"devices":{"$ref":"#/definitions/devices","description":"Device reservations for the container."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"restart_policy":{"type":"object","description":"Restart policy for the service containers.","properties":{"condition":{"type":"string","description":"Condition for restarting the container: 'none', 'on-failure', 'any'."},"delay":{"type":"string","description":"Delay between restart attempts (e.g., '1s', '1m30s')."},"max_attempts":{"type":["integer","string"],"description":"Maximum number of restart attempts before giving up."},"window":{"type":"string","description":"Time window used to evaluate the restart policy (e.g., '1s', '1m30s')."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"placement":{"type":"object","description":"Constraints and preferences for the platform to select a physical node to run service containers","properties":{"constraints":{"type":"array","items":{"type":"string"},"description":"Placement constraints for the service (e.g., 'node.role==manager')."},"preferences":{"type":"array","description":"Placement preferences for the service.","items":{"type":"object","properties":{"spread":{"type":"string","description":"Spread tasks evenly across values of the specified node label."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}},"max_replicas_per_node":{"type":["integer","string"],"description":"Maximum number of replicas of the service."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}};
const schema10 = {"type":"array","description":"User-defined resources for services, allowing services to reserve specialized hardware resources.","items":{"type":"object","properties":{"discrete_resource_spec":{"type":"object","description":"Specification for discrete (countable) resources.","properties":{"kind":{"type":"string","description":"Type of resource (e.g., 'GPU', 'FPGA', 'SSD')."},"value":{"type":["number","string"],"description":"Number of resources of this kind to reserve."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}}};

function validate21(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(errors === 0){
if(Array.isArray(data)){
var valid0 = true;
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data0 = data[i0];
const _errs1 = errors;
const _errs2 = errors;
if(errors === _errs1){
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
const _errs3 = errors;
for(const key0 in data0){
if(!((key0 === "discrete_resource_spec") || (pattern0.test(key0)))){
validate21.errors = [{instancePath:instancePath+"/" + i0,schemaPath:"#/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs3 === errors){
if(data0.discrete_resource_spec !== undefined){
let data1 = data0.discrete_resource_spec;
const _errs4 = errors;
const _errs5 = errors;
if(errors === _errs4){
if(data1 && typeof data1 == "object" && !Array.isArray(data1)){
const _errs6 = errors;
for(const key1 in data1){
if(!(((key1 === "kind") || (key1 === "value")) || (pattern0.test(key1)))){
validate21.errors = [{instancePath:instancePath+"/" + i0+"/discrete_resource_spec",schemaPath:"#/items/properties/discrete_resource_spec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs6 === errors){
if(data1.kind !== undefined){
let data2 = data1.kind;
const _errs7 = errors;
if(typeof data2 !== "string"){
validate21.errors = [{instancePath:instancePath+"/" + i0+"/discrete_resource_spec/kind",schemaPath:"#/items/properties/discrete_resource_spec/properties/kind/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs8 = errors;
if(errors === _errs7){
}
var valid2 = _errs7 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data1.value !== undefined){
let data3 = data1.value;
const _errs9 = errors;
if((!(typeof data3 == "number")) && (typeof data3 !== "string")){
validate21.errors = [{instancePath:instancePath+"/" + i0+"/discrete_resource_spec/value",schemaPath:"#/items/properties/discrete_resource_spec/properties/value/type",keyword:"type",params:{type: schema10.items.properties.discrete_resource_spec.properties.value.type},message:"must be number,string"}];
return false;
}
const _errs10 = errors;
if(errors === _errs9){
}
var valid2 = _errs9 === errors;
}
else {
var valid2 = true;
}
if(valid2){
}
}
}
}
else {
validate21.errors = [{instancePath:instancePath+"/" + i0+"/discrete_resource_spec",schemaPath:"#/items/properties/discrete_resource_spec/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs4){
}
}
var valid1 = _errs4 === errors;
}
else {
var valid1 = true;
}
if(valid1){
}
}
}
else {
validate21.errors = [{instancePath:instancePath+"/" + i0,schemaPath:"#/items/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs1){
}
}
var valid0 = _errs1 === errors;
if(!valid0){
break;
}
}
if(valid0){
}
}
else {
validate21.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === 0){
}
}
validate21.errors = vErrors;
return errors === 0;
}

const schema11 = {"type":"array","description":"Device reservations for containers, allowing services to access specific hardware devices.","items":{"type":"object","properties":{"capabilities":{"$ref":"#/definitions/list_of_strings","description":"List of capabilities the device needs to have (e.g., 'gpu', 'compute', 'utility')."},"count":{"type":["string","integer"],"description":"Number of devices of this type to reserve."},"device_ids":{"$ref":"#/definitions/list_of_strings","description":"List of specific device IDs to reserve."},"driver":{"type":"string","description":"Device driver to use (e.g., 'nvidia')."},"options":{"$ref":"#/definitions/list_or_dict","description":"Driver-specific options for the device."}},"additionalProperties":false,"patternProperties":{"^x-":{}},"required":["capabilities"]}};

function validate23(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(errors === 0){
if(Array.isArray(data)){
var valid0 = true;
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data0 = data[i0];
const _errs1 = errors;
const _errs2 = errors;
if(errors === _errs1){
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
let missing0;
if((data0.capabilities === undefined) && (missing0 = "capabilities")){
validate23.errors = [{instancePath:instancePath+"/" + i0,schemaPath:"#/items/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs3 = errors;
for(const key0 in data0){
if(!((((((key0 === "capabilities") || (key0 === "count")) || (key0 === "device_ids")) || (key0 === "driver")) || (key0 === "options")) || (pattern0.test(key0)))){
validate23.errors = [{instancePath:instancePath+"/" + i0,schemaPath:"#/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs3 === errors){
if(data0.capabilities !== undefined){
let data1 = data0.capabilities;
const _errs4 = errors;
if(!(validate3(data1, {instancePath:instancePath+"/" + i0+"/capabilities",parentData:data0,parentDataProperty:"capabilities",rootData}))){
vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);
errors = vErrors.length;
}
else {
}
var valid1 = _errs4 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data0.count !== undefined){
let data2 = data0.count;
const _errs5 = errors;
if((typeof data2 !== "string") && (!((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))))){
validate23.errors = [{instancePath:instancePath+"/" + i0+"/count",schemaPath:"#/items/properties/count/type",keyword:"type",params:{type: schema11.items.properties.count.type},message:"must be string,integer"}];
return false;
}
const _errs6 = errors;
if(errors === _errs5){
}
var valid1 = _errs5 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data0.device_ids !== undefined){
let data3 = data0.device_ids;
const _errs7 = errors;
if(!(validate3(data3, {instancePath:instancePath+"/" + i0+"/device_ids",parentData:data0,parentDataProperty:"device_ids",rootData}))){
vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);
errors = vErrors.length;
}
else {
}
var valid1 = _errs7 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data0.driver !== undefined){
let data4 = data0.driver;
const _errs8 = errors;
if(typeof data4 !== "string"){
validate23.errors = [{instancePath:instancePath+"/" + i0+"/driver",schemaPath:"#/items/properties/driver/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs9 = errors;
if(errors === _errs8){
}
var valid1 = _errs8 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data0.options !== undefined){
let data5 = data0.options;
const _errs10 = errors;
if(!(validate15(data5, {instancePath:instancePath+"/" + i0+"/options",parentData:data0,parentDataProperty:"options",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid1 = _errs10 === errors;
}
else {
var valid1 = true;
}
if(valid1){
}
}
}
}
}
}
}
}
else {
validate23.errors = [{instancePath:instancePath+"/" + i0,schemaPath:"#/items/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs1){
}
}
var valid0 = _errs1 === errors;
if(!valid0){
break;
}
}
if(valid0){
}
}
else {
validate23.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === 0){
}
}
validate23.errors = vErrors;
return errors === 0;
}


function validate19(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((!(data && typeof data == "object" && !Array.isArray(data))) && (data !== null)){
validate19.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: schema9.type},message:"must be object,null"}];
return false;
}
const _errs0 = errors;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
const _errs1 = errors;
for(const key0 in data){
if(!((func0.call(schema9.properties, key0)) || (pattern0.test(key0)))){
validate19.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.mode !== undefined){
let data0 = data.mode;
const _errs2 = errors;
if(typeof data0 !== "string"){
validate19.errors = [{instancePath:instancePath+"/mode",schemaPath:"#/properties/mode/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs3 = errors;
if(errors === _errs2){
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.endpoint_mode !== undefined){
let data1 = data.endpoint_mode;
const _errs4 = errors;
if(typeof data1 !== "string"){
validate19.errors = [{instancePath:instancePath+"/endpoint_mode",schemaPath:"#/properties/endpoint_mode/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs5 = errors;
if(errors === _errs4){
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.replicas !== undefined){
let data2 = data.replicas;
const _errs6 = errors;
if((!((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2)))) && (typeof data2 !== "string")){
validate19.errors = [{instancePath:instancePath+"/replicas",schemaPath:"#/properties/replicas/type",keyword:"type",params:{type: schema9.properties.replicas.type},message:"must be integer,string"}];
return false;
}
const _errs7 = errors;
if(errors === _errs6){
}
var valid0 = _errs6 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.labels !== undefined){
let data3 = data.labels;
const _errs8 = errors;
if(!(validate15(data3, {instancePath:instancePath+"/labels",parentData:data,parentDataProperty:"labels",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.rollback_config !== undefined){
let data4 = data.rollback_config;
const _errs9 = errors;
const _errs10 = errors;
if(errors === _errs9){
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
const _errs11 = errors;
for(const key1 in data4){
if(!(((((((key1 === "parallelism") || (key1 === "delay")) || (key1 === "failure_action")) || (key1 === "monitor")) || (key1 === "max_failure_ratio")) || (key1 === "order")) || (pattern0.test(key1)))){
validate19.errors = [{instancePath:instancePath+"/rollback_config",schemaPath:"#/properties/rollback_config/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs11 === errors){
if(data4.parallelism !== undefined){
let data5 = data4.parallelism;
const _errs12 = errors;
if((!((typeof data5 == "number") && (!(data5 % 1) && !isNaN(data5)))) && (typeof data5 !== "string")){
validate19.errors = [{instancePath:instancePath+"/rollback_config/parallelism",schemaPath:"#/properties/rollback_config/properties/parallelism/type",keyword:"type",params:{type: schema9.properties.rollback_config.properties.parallelism.type},message:"must be integer,string"}];
return false;
}
const _errs13 = errors;
if(errors === _errs12){
}
var valid1 = _errs12 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data4.delay !== undefined){
let data6 = data4.delay;
const _errs14 = errors;
if(typeof data6 !== "string"){
validate19.errors = [{instancePath:instancePath+"/rollback_config/delay",schemaPath:"#/properties/rollback_config/properties/delay/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs15 = errors;
if(errors === _errs14){
}
var valid1 = _errs14 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data4.failure_action !== undefined){
let data7 = data4.failure_action;
const _errs16 = errors;
if(typeof data7 !== "string"){
validate19.errors = [{instancePath:instancePath+"/rollback_config/failure_action",schemaPath:"#/properties/rollback_config/properties/failure_action/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs17 = errors;
if(errors === _errs16){
}
var valid1 = _errs16 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data4.monitor !== undefined){
let data8 = data4.monitor;
const _errs18 = errors;
if(typeof data8 !== "string"){
validate19.errors = [{instancePath:instancePath+"/rollback_config/monitor",schemaPath:"#/properties/rollback_config/properties/monitor/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs19 = errors;
if(errors === _errs18){
}
var valid1 = _errs18 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data4.max_failure_ratio !== undefined){
let data9 = data4.max_failure_ratio;
const _errs20 = errors;
if((!(typeof data9 == "number")) && (typeof data9 !== "string")){
validate19.errors = [{instancePath:instancePath+"/rollback_config/max_failure_ratio",schemaPath:"#/properties/rollback_config/properties/max_failure_ratio/type",keyword:"type",params:{type: schema9.properties.rollback_config.properties.max_failure_ratio.type},message:"must be number,string"}];
return false;
}
const _errs21 = errors;
if(errors === _errs20){
}
var valid1 = _errs20 === errors;
}
else {
var valid1 = true;
}
if(valid1){
if(data4.order !== undefined){
let data10 = data4.order;
const _errs22 = errors;
if(typeof data10 !== "string"){
validate19.errors = [{instancePath:instancePath+"/rollback_config/order",schemaPath:"#/properties/rollback_config/properties/order/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs23 = errors;
const vSchema0 = schema9.properties.rollback_config.properties.order.enum;
if(!((data10 === "start-first") || (data10 === "stop-first"))){
validate19.errors = [{instancePath:instancePath+"/rollback_config/order",schemaPath:"#/properties/rollback_config/properties/order/enum",keyword:"enum",params:{allowedValues: schema9.properties.rollback_config.properties.order.enum},message:"must be equal to one of the allowed values"}];
return false;
}
else {
}
if(errors === _errs22){
}
var valid1 = _errs22 === errors;
}
else {
var valid1 = true;
}
if(valid1){
}
}
}
}
}
}
}
}
else {
validate19.errors = [{instancePath:instancePath+"/rollback_config",schemaPath:"#/properties/rollback_config/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs9){
}
}
var valid0 = _errs9 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.update_config !== undefined){
let data11 = data.update_config;
const _errs24 = errors;
const _errs25 = errors;
if(errors === _errs24){
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
const _errs26 = errors;
for(const key2 in data11){
if(!(((((((key2 === "parallelism") || (key2 === "delay")) || (key2 === "failure_action")) || (key2 === "monitor")) || (key2 === "max_failure_ratio")) || (key2 === "order")) || (pattern0.test(key2)))){
validate19.errors = [{instancePath:instancePath+"/update_config",schemaPath:"#/properties/update_config/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs26 === errors){
if(data11.parallelism !== undefined){
let data12 = data11.parallelism;
const _errs27 = errors;
if((!((typeof data12 == "number") && (!(data12 % 1) && !isNaN(data12)))) && (typeof data12 !== "string")){
validate19.errors = [{instancePath:instancePath+"/update_config/parallelism",schemaPath:"#/properties/update_config/properties/parallelism/type",keyword:"type",params:{type: schema9.properties.update_config.properties.parallelism.type},message:"must be integer,string"}];
return false;
}
const _errs28 = errors;
if(errors === _errs27){
}
var valid2 = _errs27 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data11.delay !== undefined){
let data13 = data11.delay;
const _errs29 = errors;
if(typeof data13 !== "string"){
validate19.errors = [{instancePath:instancePath+"/update_config/delay",schemaPath:"#/properties/update_config/properties/delay/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs30 = errors;
if(errors === _errs29){
}
var valid2 = _errs29 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data11.failure_action !== undefined){
let data14 = data11.failure_action;
const _errs31 = errors;
if(typeof data14 !== "string"){
validate19.errors = [{instancePath:instancePath+"/update_config/failure_action",schemaPath:"#/properties/update_config/properties/failure_action/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs32 = errors;
if(errors === _errs31){
}
var valid2 = _errs31 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data11.monitor !== undefined){
let data15 = data11.monitor;
const _errs33 = errors;
if(typeof data15 !== "string"){
validate19.errors = [{instancePath:instancePath+"/update_config/monitor",schemaPath:"#/properties/update_config/properties/monitor/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs34 = errors;
if(errors === _errs33){
}
var valid2 = _errs33 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data11.max_failure_ratio !== undefined){
let data16 = data11.max_failure_ratio;
const _errs35 = errors;
if((!(typeof data16 == "number")) && (typeof data16 !== "string")){
validate19.errors = [{instancePath:instancePath+"/update_config/max_failure_ratio",schemaPath:"#/properties/update_config/properties/max_failure_ratio/type",keyword:"type",params:{type: schema9.properties.update_config.properties.max_failure_ratio.type},message:"must be number,string"}];
return false;
}
const _errs36 = errors;
if(errors === _errs35){
}
var valid2 = _errs35 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data11.order !== undefined){
let data17 = data11.order;
const _errs37 = errors;
if(typeof data17 !== "string"){
validate19.errors = [{instancePath:instancePath+"/update_config/order",schemaPath:"#/properties/update_config/properties/order/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs38 = errors;
const vSchema1 = schema9.properties.update_config.properties.order.enum;
if(!((data17 === "start-first") || (data17 === "stop-first"))){
validate19.errors = [{instancePath:instancePath+"/update_config/order",schemaPath:"#/properties/update_config/properties/order/enum",keyword:"enum",params:{allowedValues: schema9.properties.update_config.properties.order.enum},message:"must be equal to one of the allowed values"}];
return false;
}
else {
}
if(errors === _errs37){
}
var valid2 = _errs37 === errors;
}
else {
var valid2 = true;
}
if(valid2){
}
}
}
}
}
}
}
}
else {
validate19.errors = [{instancePath:instancePath+"/update_config",schemaPath:"#/properties/update_config/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs24){
}
}
var valid0 = _errs24 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.resources !== undefined){
let data18 = data.resources;
const _errs39 = errors;
const _errs40 = errors;
if(errors === _errs39){
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
const _errs41 = errors;
for(const key3 in data18){
if(!(((key3 === "limits") || (key3 === "reservations")) || (pattern0.test(key3)))){
validate19.errors = [{instancePath:instancePath+"/resources",schemaPath:"#/properties/resources/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs41 === errors){
if(data18.limits !== undefined){
let data19 = data18.limits;
const _errs42 = errors;
const _errs43 = errors;
if(errors === _errs42){
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
const _errs44 = errors;
for(const key4 in data19){
if(!((((key4 === "cpus") || (key4 === "memory")) || (key4 === "pids")) || (pattern0.test(key4)))){
validate19.errors = [{instancePath:instancePath+"/resources/limits",schemaPath:"#/properties/resources/properties/limits/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs44 === errors){
if(data19.cpus !== undefined){
let data20 = data19.cpus;
const _errs45 = errors;
if((!(typeof data20 == "number")) && (typeof data20 !== "string")){
validate19.errors = [{instancePath:instancePath+"/resources/limits/cpus",schemaPath:"#/properties/resources/properties/limits/properties/cpus/type",keyword:"type",params:{type: schema9.properties.resources.properties.limits.properties.cpus.type},message:"must be number,string"}];
return false;
}
const _errs46 = errors;
if(errors === _errs45){
}
var valid4 = _errs45 === errors;
}
else {
var valid4 = true;
}
if(valid4){
if(data19.memory !== undefined){
let data21 = data19.memory;
const _errs47 = errors;
if(typeof data21 !== "string"){
validate19.errors = [{instancePath:instancePath+"/resources/limits/memory",schemaPath:"#/properties/resources/properties/limits/properties/memory/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs48 = errors;
if(errors === _errs47){
}
var valid4 = _errs47 === errors;
}
else {
var valid4 = true;
}
if(valid4){
if(data19.pids !== undefined){
let data22 = data19.pids;
const _errs49 = errors;
if((!((typeof data22 == "number") && (!(data22 % 1) && !isNaN(data22)))) && (typeof data22 !== "string")){
validate19.errors = [{instancePath:instancePath+"/resources/limits/pids",schemaPath:"#/properties/resources/properties/limits/properties/pids/type",keyword:"type",params:{type: schema9.properties.resources.properties.limits.properties.pids.type},message:"must be integer,string"}];
return false;
}
const _errs50 = errors;
if(errors === _errs49){
}
var valid4 = _errs49 === errors;
}
else {
var valid4 = true;
}
if(valid4){
}
}
}
}
}
else {
validate19.errors = [{instancePath:instancePath+"/resources/limits",schemaPath:"#/properties/resources/properties/limits/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs42){
}
}
var valid3 = _errs42 === errors;
}
else {
var valid3 = true;
}
if(valid3){
if(data18.reservations !== undefined){
let data23 = data18.reservations;
const _errs51 = errors;
const _errs52 = errors;
if(errors === _errs51){
if(data23 && typeof data23 == "object" && !Array.isArray(data23)){
const _errs53 = errors;
for(const key5 in data23){
if(!(((((key5 === "cpus") || (key5 === "memory")) || (key5 === "generic_resources")) || (key5 === "devices")) || (pattern0.test(key5)))){
validate19.errors = [{instancePath:instancePath+"/resources/reservations",schemaPath:"#/properties/resources/properties/reservations/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs53 === errors){
if(data23.cpus !== undefined){
let data24 = data23.cpus;
const _errs54 = errors;
if((!(typeof data24 == "number")) && (typeof data24 !== "string")){
validate19.errors = [{instancePath:instancePath+"/resources/reservations/cpus",schemaPath:"#/properties/resources/properties/reservations/properties/cpus/type",keyword:"type",params:{type: schema9.properties.resources.properties.reservations.properties.cpus.type},message:"must be number,string"}];
return false;
}
const _errs55 = errors;
if(errors === _errs54){
}
var valid5 = _errs54 === errors;
}
else {
var valid5 = true;
}
if(valid5){
if(data23.memory !== undefined){
let data25 = data23.memory;
const _errs56 = errors;
if(typeof data25 !== "string"){
validate19.errors = [{instancePath:instancePath+"/resources/reservations/memory",schemaPath:"#/properties/resources/properties/reservations/properties/memory/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs57 = errors;
if(errors === _errs56){
}
var valid5 = _errs56 === errors;
}
else {
var valid5 = true;
}
if(valid5){
if(data23.generic_resources !== undefined){
let data26 = data23.generic_resources;
const _errs58 = errors;
if(!(validate21(data26, {instancePath:instancePath+"/resources/reservations/generic_resources",parentData:data23,parentDataProperty:"generic_resources",rootData}))){
vErrors = vErrors === null ? validate21.errors : vErrors.concat(validate21.errors);
errors = vErrors.length;
}
else {
}
var valid5 = _errs58 === errors;
}
else {
var valid5 = true;
}
if(valid5){
if(data23.devices !== undefined){
let data27 = data23.devices;
const _errs59 = errors;
if(!(validate23(data27, {instancePath:instancePath+"/resources/reservations/devices",parentData:data23,parentDataProperty:"devices",rootData}))){
vErrors = vErrors === null ? validate23.errors : vErrors.concat(validate23.errors);
errors = vErrors.length;
}
else {
}
var valid5 = _errs59 === errors;
}
else {
var valid5 = true;
}
if(valid5){
}
}
}
}
}
}
else {
validate19.errors = [{instancePath:instancePath+"/resources/reservations",schemaPath:"#/properties/resources/properties/reservations/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs51){
}
}
var valid3 = _errs51 === errors;
}
else {
var valid3 = true;
}
if(valid3){
}
}
}
}
else {
validate19.errors = [{instancePath:instancePath+"/resources",schemaPath:"#/properties/resources/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs39){
}
}
var valid0 = _errs39 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.restart_policy !== undefined){
let data28 = data.restart_policy;
const _errs60 = errors;
const _errs61 = errors;
if(errors === _errs60){
if(data28 && typeof data28 == "object" && !Array.isArray(data28)){
const _errs62 = errors;
for(const key6 in data28){
if(!(((((key6 === "condition") || (key6 === "delay")) || (key6 === "max_attempts")) || (key6 === "window")) || (pattern0.test(key6)))){
validate19.errors = [{instancePath:instancePath+"/restart_policy",schemaPath:"#/properties/restart_policy/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs62 === errors){
if(data28.condition !== undefined){
let data29 = data28.condition;
const _errs63 = errors;
if(typeof data29 !== "string"){
validate19.errors = [{instancePath:instancePath+"/restart_policy/condition",schemaPath:"#/properties/restart_policy/properties/condition/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs64 = errors;
if(errors === _errs63){
}
var valid6 = _errs63 === errors;
}
else {
var valid6 = true;
}
if(valid6){
if(data28.delay !== undefined){
let data30 = data28.delay;
const _errs65 = errors;
if(typeof data30 !== "string"){
validate19.errors = [{instancePath:instancePath+"/restart_policy/delay",schemaPath:"#/properties/restart_policy/properties/delay/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs66 = errors;
if(errors === _errs65){
}
var valid6 = _errs65 === errors;
}
else {
var valid6 = true;
}
if(valid6){
if(data28.max_attempts !== undefined){
let data31 = data28.max_attempts;
const _errs67 = errors;
if((!((typeof data31 == "number") && (!(data31 % 1) && !isNaN(data31)))) && (typeof data31 !== "string")){
validate19.errors = [{instancePath:instancePath+"/restart_policy/max_attempts",schemaPath:"#/properties/restart_policy/properties/max_attempts/type",keyword:"type",params:{type: schema9.properties.restart_policy.properties.max_attempts.type},message:"must be integer,string"}];
return false;
}
const _errs68 = errors;
if(errors === _errs67){
}
var valid6 = _errs67 === errors;
}
else {
var valid6 = true;
}
if(valid6){
if(data28.window !== undefined){
let data32 = data28.window;
const _errs69 = errors;
if(typeof data32 !== "string"){
validate19.errors = [{instancePath:instancePath+"/restart_policy/window",schemaPath:"#/properties/restart_policy/properties/window/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs70 = errors;
if(errors === _errs69){
}
var valid6 = _errs69 === errors;
}
else {
var valid6 = true;
}
if(valid6){
}
}
}
}
}
}
else {
validate19.errors = [{instancePath:instancePath+"/restart_policy",schemaPath:"#/properties/restart_policy/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs60){
}
}
var valid0 = _errs60 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.placement !== undefined){
let data33 = data.placement;
const _errs71 = errors;
const _errs72 = errors;
if(errors === _errs71){
if(data33 && typeof data33 == "object" && !Array.isArray(data33)){
const _errs73 = errors;
for(const key7 in data33){
if(!((((key7 === "constraints") || (key7 === "preferences")) || (key7 === "max_replicas_per_node")) || (pattern0.test(key7)))){
validate19.errors = [{instancePath:instancePath+"/placement",schemaPath:"#/properties/placement/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs73 === errors){
if(data33.constraints !== undefined){
let data34 = data33.constraints;
const _errs74 = errors;
const _errs75 = errors;
if(errors === _errs74){
if(Array.isArray(data34)){
var valid8 = true;
const len0 = data34.length;
for(let i0=0; i0<len0; i0++){
let data35 = data34[i0];
const _errs76 = errors;
if(typeof data35 !== "string"){
validate19.errors = [{instancePath:instancePath+"/placement/constraints/" + i0,schemaPath:"#/properties/placement/properties/constraints/items/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs77 = errors;
if(errors === _errs76){
}
var valid8 = _errs76 === errors;
if(!valid8){
break;
}
}
if(valid8){
}
}
else {
validate19.errors = [{instancePath:instancePath+"/placement/constraints",schemaPath:"#/properties/placement/properties/constraints/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs74){
}
}
var valid7 = _errs74 === errors;
}
else {
var valid7 = true;
}
if(valid7){
if(data33.preferences !== undefined){
let data36 = data33.preferences;
const _errs78 = errors;
const _errs79 = errors;
if(errors === _errs78){
if(Array.isArray(data36)){
var valid9 = true;
const len1 = data36.length;
for(let i1=0; i1<len1; i1++){
let data37 = data36[i1];
const _errs80 = errors;
const _errs81 = errors;
if(errors === _errs80){
if(data37 && typeof data37 == "object" && !Array.isArray(data37)){
const _errs82 = errors;
for(const key8 in data37){
if(!((key8 === "spread") || (pattern0.test(key8)))){
validate19.errors = [{instancePath:instancePath+"/placement/preferences/" + i1,schemaPath:"#/properties/placement/properties/preferences/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs82 === errors){
if(data37.spread !== undefined){
let data38 = data37.spread;
const _errs83 = errors;
if(typeof data38 !== "string"){
validate19.errors = [{instancePath:instancePath+"/placement/preferences/" + i1+"/spread",schemaPath:"#/properties/placement/properties/preferences/items/properties/spread/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs84 = errors;
if(errors === _errs83){
}
var valid10 = _errs83 === errors;
}
else {
var valid10 = true;
}
if(valid10){
}
}
}
else {
validate19.errors = [{instancePath:instancePath+"/placement/preferences/" + i1,schemaPath:"#/properties/placement/properties/preferences/items/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs80){
}
}
var valid9 = _errs80 === errors;
if(!valid9){
break;
}
}
if(valid9){
}
}
else {
validate19.errors = [{instancePath:instancePath+"/placement/preferences",schemaPath:"#/properties/placement/properties/preferences/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs78){
}
}
var valid7 = _errs78 === errors;
}
else {
var valid7 = true;
}
if(valid7){
if(data33.max_replicas_per_node !== undefined){
let data39 = data33.max_replicas_per_node;
const _errs85 = errors;
if((!((typeof data39 == "number") && (!(data39 % 1) && !isNaN(data39)))) && (typeof data39 !== "string")){
validate19.errors = [{instancePath:instancePath+"/placement/max_replicas_per_node",schemaPath:"#/properties/placement/properties/max_replicas_per_node/type",keyword:"type",params:{type: schema9.properties.placement.properties.max_replicas_per_node.type},message:"must be integer,string"}];
return false;
}
const _errs86 = errors;
if(errors === _errs85){
}
var valid7 = _errs85 === errors;
}
else {
var valid7 = true;
}
if(valid7){
}
}
}
}
}
else {
validate19.errors = [{instancePath:instancePath+"/placement",schemaPath:"#/properties/placement/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs71){
}
}
var valid0 = _errs71 === errors;
}
else {
var valid0 = true;
}
if(valid0){
}
}
}
}
}
}
}
}
}
}
}
if(errors === 0){
}
}
validate19.errors = vErrors;
return errors === 0;
}

const schema12 = {"oneOf":[{"type":"object","description":"list mapping hostnames to IP addresses.","patternProperties":{".+":{"oneOf":[{"type":"string","description":"IP address for the hostname."},{"type":"array","description":"List of IP addresses for the hostname.","items":{"type":"string","description":"IP address for the hostname."},"uniqueItems":false}]}},"additionalProperties":false},{"type":"array","description":"List of host:IP mappings in the format 'hostname:IP'.","items":{"type":"string","description":"Host:IP mapping in the format 'hostname:IP'."},"uniqueItems":true}],"description":"Additional hostnames to be defined in the container's /etc/hosts file."};

function validate34(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
let passing0 = null;
const _errs1 = errors;
const _errs2 = errors;
if(errors === _errs1){
if(data && typeof data == "object" && !Array.isArray(data)){
const _errs3 = errors;
for(const key0 in data){
if(!(pattern7.test(key0))){
const err0 = {instancePath,schemaPath:"#/oneOf/0/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
break;
}
}
if(_errs3 === errors){
var valid1 = true;
for(const key1 in data){
if(pattern7.test(key1)){
let data0 = data[key1];
const _errs4 = errors;
const _errs5 = errors;
let valid2 = false;
let passing1 = null;
const _errs6 = errors;
if(typeof data0 !== "string"){
const err1 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/oneOf/0/patternProperties/.%2B/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
const _errs7 = errors;
if(errors === _errs6){
}
var _valid1 = _errs6 === errors;
if(_valid1){
valid2 = true;
passing1 = 0;
}
const _errs8 = errors;
const _errs9 = errors;
if(errors === _errs8){
if(Array.isArray(data0)){
var valid3 = true;
const len0 = data0.length;
for(let i0=0; i0<len0; i0++){
let data1 = data0[i0];
const _errs10 = errors;
if(typeof data1 !== "string"){
const err2 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i0,schemaPath:"#/oneOf/0/patternProperties/.%2B/oneOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
const _errs11 = errors;
if(errors === _errs10){
}
var valid3 = _errs10 === errors;
if(!valid3){
break;
}
}
if(valid3){
}
}
else {
const err3 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/oneOf/0/patternProperties/.%2B/oneOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(errors === _errs8){
}
}
var _valid1 = _errs8 === errors;
if(_valid1 && valid2){
valid2 = false;
passing1 = [passing1, 1];
}
else {
if(_valid1){
valid2 = true;
passing1 = 1;
}
}
if(!valid2){
const err4 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/oneOf/0/patternProperties/.%2B/oneOf",keyword:"oneOf",params:{passingSchemas: passing1},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
else {
errors = _errs5;
if(vErrors !== null){
if(_errs5){
vErrors.length = _errs5;
}
else {
vErrors = null;
}
}
}
if(errors === _errs4){
}
var valid1 = _errs4 === errors;
if(!valid1){
break;
}
}
}
if(valid1){
}
}
}
else {
const err5 = {instancePath,schemaPath:"#/oneOf/0/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(errors === _errs1){
}
}
var _valid0 = _errs1 === errors;
if(_valid0){
valid0 = true;
passing0 = 0;
}
const _errs12 = errors;
const _errs13 = errors;
if(errors === _errs12){
if(Array.isArray(data)){
var valid4 = true;
const len1 = data.length;
for(let i1=0; i1<len1; i1++){
let data2 = data[i1];
const _errs14 = errors;
if(typeof data2 !== "string"){
const err6 = {instancePath:instancePath+"/" + i1,schemaPath:"#/oneOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
const _errs15 = errors;
if(errors === _errs14){
}
var valid4 = _errs14 === errors;
if(!valid4){
break;
}
}
if(valid4){
let valid5;
let i2 = data.length;
let j0;
valid5 = true;
if(i2 > 1){
const indices0 = {};
for(;i2--;){
let item0 = data[i2];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err7 = {instancePath,schemaPath:"#/oneOf/1/uniqueItems",keyword:"uniqueItems",params:{i: i2, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i2+" are identical)"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
valid5 = false;
break;
}
indices0[item0] = i2;
}
}
if(valid5){
}
}
}
else {
const err8 = {instancePath,schemaPath:"#/oneOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(errors === _errs12){
}
}
var _valid0 = _errs12 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid0 = true;
passing0 = 1;
}
}
if(!valid0){
const err9 = {instancePath,schemaPath:"#/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
validate34.errors = vErrors;
return false;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
if(errors === 0){
}
validate34.errors = vErrors;
return errors === 0;
}

const schema13 = {"type":"array","description":"Configuration for service configs or secrets, defining how they are mounted in the container.","items":{"oneOf":[{"type":"string","description":"Name of the config or secret to grant access to."},{"type":"object","description":"Detailed configuration for a config or secret.","properties":{"source":{"type":"string","description":"Name of the config or secret as defined in the top-level configs or secrets section."},"target":{"type":"string","description":"Path in the container where the config or secret will be mounted. Defaults to /<source> for configs and /run/secrets/<source> for secrets."},"uid":{"type":"string","description":"UID of the file in the container. Default is 0 (root)."},"gid":{"type":"string","description":"GID of the file in the container. Default is 0 (root)."},"mode":{"type":["number","string"],"description":"File permission mode inside the container, in octal. Default is 0444 for configs and 0400 for secrets."}},"additionalProperties":false,"patternProperties":{"^x-":{}}}]}};

function validate36(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(errors === 0){
if(Array.isArray(data)){
var valid0 = true;
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data0 = data[i0];
const _errs1 = errors;
const _errs2 = errors;
let valid1 = false;
let passing0 = null;
const _errs3 = errors;
if(typeof data0 !== "string"){
const err0 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs4 = errors;
if(errors === _errs3){
}
var _valid0 = _errs3 === errors;
if(_valid0){
valid1 = true;
passing0 = 0;
}
const _errs5 = errors;
const _errs6 = errors;
if(errors === _errs5){
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
const _errs7 = errors;
for(const key0 in data0){
if(!((((((key0 === "source") || (key0 === "target")) || (key0 === "uid")) || (key0 === "gid")) || (key0 === "mode")) || (pattern0.test(key0)))){
const err1 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
break;
}
}
if(_errs7 === errors){
if(data0.source !== undefined){
let data1 = data0.source;
const _errs8 = errors;
if(typeof data1 !== "string"){
const err2 = {instancePath:instancePath+"/" + i0+"/source",schemaPath:"#/items/oneOf/1/properties/source/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
const _errs9 = errors;
if(errors === _errs8){
}
var valid2 = _errs8 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data0.target !== undefined){
let data2 = data0.target;
const _errs10 = errors;
if(typeof data2 !== "string"){
const err3 = {instancePath:instancePath+"/" + i0+"/target",schemaPath:"#/items/oneOf/1/properties/target/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const _errs11 = errors;
if(errors === _errs10){
}
var valid2 = _errs10 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data0.uid !== undefined){
let data3 = data0.uid;
const _errs12 = errors;
if(typeof data3 !== "string"){
const err4 = {instancePath:instancePath+"/" + i0+"/uid",schemaPath:"#/items/oneOf/1/properties/uid/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
const _errs13 = errors;
if(errors === _errs12){
}
var valid2 = _errs12 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data0.gid !== undefined){
let data4 = data0.gid;
const _errs14 = errors;
if(typeof data4 !== "string"){
const err5 = {instancePath:instancePath+"/" + i0+"/gid",schemaPath:"#/items/oneOf/1/properties/gid/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
const _errs15 = errors;
if(errors === _errs14){
}
var valid2 = _errs14 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data0.mode !== undefined){
let data5 = data0.mode;
const _errs16 = errors;
if((!(typeof data5 == "number")) && (typeof data5 !== "string")){
const err6 = {instancePath:instancePath+"/" + i0+"/mode",schemaPath:"#/items/oneOf/1/properties/mode/type",keyword:"type",params:{type: schema13.items.oneOf[1].properties.mode.type},message:"must be number,string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
const _errs17 = errors;
if(errors === _errs16){
}
var valid2 = _errs16 === errors;
}
else {
var valid2 = true;
}
if(valid2){
}
}
}
}
}
}
}
else {
const err7 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(errors === _errs5){
}
}
var _valid0 = _errs5 === errors;
if(_valid0 && valid1){
valid1 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid1 = true;
passing0 = 1;
}
}
if(!valid1){
const err8 = {instancePath:instancePath+"/" + i0,schemaPath:"#/items/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
validate36.errors = vErrors;
return false;
}
else {
errors = _errs2;
if(vErrors !== null){
if(_errs2){
vErrors.length = _errs2;
}
else {
vErrors = null;
}
}
}
if(errors === _errs1){
}
var valid0 = _errs1 === errors;
if(!valid0){
break;
}
}
if(valid0){
}
}
else {
validate36.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === 0){
}
}
validate36.errors = vErrors;
return errors === 0;
}

const schema14 = {"type":"object","description":"Container ulimit options, controlling resource limits for processes inside the container.","patternProperties":{"^[a-z]+$":{"oneOf":[{"type":["integer","string"],"description":"Single value for both soft and hard limits."},{"type":"object","description":"Separate soft and hard limits.","properties":{"hard":{"type":["integer","string"],"description":"Hard limit for the ulimit type. This is the maximum allowed value."},"soft":{"type":["integer","string"],"description":"Soft limit for the ulimit type. This is the value that's actually enforced."}},"required":["soft","hard"],"additionalProperties":false,"patternProperties":{"^x-":{}}}]}}};
const pattern25 = new RegExp("^[a-z]+$", "u");

function validate38(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
var props0 = {};
var valid0 = true;
for(const key0 in data){
if(pattern25.test(key0)){
let data0 = data[key0];
const _errs1 = errors;
const _errs2 = errors;
let valid1 = false;
let passing0 = null;
const _errs3 = errors;
if((!((typeof data0 == "number") && (!(data0 % 1) && !isNaN(data0)))) && (typeof data0 !== "string")){
const err0 = {instancePath:instancePath+"/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/patternProperties/%5E%5Ba-z%5D%2B%24/oneOf/0/type",keyword:"type",params:{type: schema14.patternProperties["^[a-z]+$"].oneOf[0].type},message:"must be integer,string"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs4 = errors;
if(errors === _errs3){
}
var _valid0 = _errs3 === errors;
if(_valid0){
valid1 = true;
passing0 = 0;
}
const _errs5 = errors;
const _errs6 = errors;
if(errors === _errs5){
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
let missing0;
if(((data0.soft === undefined) && (missing0 = "soft")) || ((data0.hard === undefined) && (missing0 = "hard"))){
const err1 = {instancePath:instancePath+"/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/patternProperties/%5E%5Ba-z%5D%2B%24/oneOf/1/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
else {
const _errs7 = errors;
for(const key1 in data0){
if(!(((key1 === "hard") || (key1 === "soft")) || (pattern0.test(key1)))){
const err2 = {instancePath:instancePath+"/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/patternProperties/%5E%5Ba-z%5D%2B%24/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
break;
}
}
if(_errs7 === errors){
if(data0.hard !== undefined){
let data1 = data0.hard;
const _errs8 = errors;
if((!((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1)))) && (typeof data1 !== "string")){
const err3 = {instancePath:instancePath+"/" + key0.replace(/~/g, "~0").replace(/\//g, "~1")+"/hard",schemaPath:"#/patternProperties/%5E%5Ba-z%5D%2B%24/oneOf/1/properties/hard/type",keyword:"type",params:{type: schema14.patternProperties["^[a-z]+$"].oneOf[1].properties.hard.type},message:"must be integer,string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const _errs9 = errors;
if(errors === _errs8){
}
var valid2 = _errs8 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data0.soft !== undefined){
let data2 = data0.soft;
const _errs10 = errors;
if((!((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2)))) && (typeof data2 !== "string")){
const err4 = {instancePath:instancePath+"/" + key0.replace(/~/g, "~0").replace(/\//g, "~1")+"/soft",schemaPath:"#/patternProperties/%5E%5Ba-z%5D%2B%24/oneOf/1/properties/soft/type",keyword:"type",params:{type: schema14.patternProperties["^[a-z]+$"].oneOf[1].properties.soft.type},message:"must be integer,string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
const _errs11 = errors;
if(errors === _errs10){
}
var valid2 = _errs10 === errors;
}
else {
var valid2 = true;
}
if(valid2){
}
}
}
}
}
else {
const err5 = {instancePath:instancePath+"/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/patternProperties/%5E%5Ba-z%5D%2B%24/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(errors === _errs5){
}
}
var _valid0 = _errs5 === errors;
if(_valid0 && valid1){
valid1 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid1 = true;
passing0 = 1;
}
}
if(!valid1){
const err6 = {instancePath:instancePath+"/" + key0.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/patternProperties/%5E%5Ba-z%5D%2B%24/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
validate38.errors = vErrors;
return false;
}
else {
errors = _errs2;
if(vErrors !== null){
if(_errs2){
vErrors.length = _errs2;
}
else {
vErrors = null;
}
}
}
if(errors === _errs1){
}
var valid0 = _errs1 === errors;
if(!valid0){
break;
}
}
}
if(valid0){
}
}
else {
validate38.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === 0){
}
}
validate38.errors = vErrors;
return errors === 0;
}

const schema15 = {"type":"object","description":"Block IO limit for a specific device.","properties":{"path":{"type":"string","description":"Path to the device (e.g., '/dev/sda')."},"rate":{"type":["integer","string"],"description":"Rate limit in bytes per second or IO operations per second."}},"additionalProperties":false};

function validate40(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
const _errs1 = errors;
for(const key0 in data){
if(!((key0 === "path") || (key0 === "rate"))){
validate40.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.path !== undefined){
let data0 = data.path;
const _errs2 = errors;
if(typeof data0 !== "string"){
validate40.errors = [{instancePath:instancePath+"/path",schemaPath:"#/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs3 = errors;
if(errors === _errs2){
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.rate !== undefined){
let data1 = data.rate;
const _errs4 = errors;
if((!((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1)))) && (typeof data1 !== "string")){
validate40.errors = [{instancePath:instancePath+"/rate",schemaPath:"#/properties/rate/type",keyword:"type",params:{type: schema15.properties.rate.type},message:"must be integer,string"}];
return false;
}
const _errs5 = errors;
if(errors === _errs4){
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
}
}
}
}
else {
validate40.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === 0){
}
}
validate40.errors = vErrors;
return errors === 0;
}

const schema16 = {"type":"object","description":"Block IO weight for a specific device.","properties":{"path":{"type":"string","description":"Path to the device (e.g., '/dev/sda')."},"weight":{"type":["integer","string"],"description":"Relative weight for the device, between 10 and 1000."}},"additionalProperties":false};

function validate45(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
const _errs1 = errors;
for(const key0 in data){
if(!((key0 === "path") || (key0 === "weight"))){
validate45.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.path !== undefined){
let data0 = data.path;
const _errs2 = errors;
if(typeof data0 !== "string"){
validate45.errors = [{instancePath:instancePath+"/path",schemaPath:"#/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs3 = errors;
if(errors === _errs2){
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.weight !== undefined){
let data1 = data.weight;
const _errs4 = errors;
if((!((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1)))) && (typeof data1 !== "string")){
validate45.errors = [{instancePath:instancePath+"/weight",schemaPath:"#/properties/weight/type",keyword:"type",params:{type: schema16.properties.weight.type},message:"must be integer,string"}];
return false;
}
const _errs5 = errors;
if(errors === _errs4){
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
}
}
}
}
else {
validate45.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === 0){
}
}
validate45.errors = vErrors;
return errors === 0;
}

const schema17 = {"oneOf":[{"type":"string","description":"Path to a file containing environment variables."},{"type":"array","description":"List of paths to files containing environment variables.","items":{"oneOf":[{"type":"string","description":"Path to a file containing environment variables."},{"type":"object","description":"Detailed configuration for an environment file.","additionalProperties":false,"properties":{"path":{"type":"string","description":"Path to the environment file."},"format":{"type":"string","description":"Format attribute lets you to use an alternative file formats for env_file. When not set, env_file is parsed according to Compose rules."},"required":{"type":["boolean","string"],"default":true,"description":"Whether the file is required. If true and the file doesn't exist, an error will be raised."}},"required":["path"]}]}}]};

function validate54(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
let passing0 = null;
const _errs1 = errors;
if(typeof data !== "string"){
const err0 = {instancePath,schemaPath:"#/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs2 = errors;
if(errors === _errs1){
}
var _valid0 = _errs1 === errors;
if(_valid0){
valid0 = true;
passing0 = 0;
}
const _errs3 = errors;
const _errs4 = errors;
if(errors === _errs3){
if(Array.isArray(data)){
var valid1 = true;
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data0 = data[i0];
const _errs5 = errors;
const _errs6 = errors;
let valid2 = false;
let passing1 = null;
const _errs7 = errors;
if(typeof data0 !== "string"){
const err1 = {instancePath:instancePath+"/" + i0,schemaPath:"#/oneOf/1/items/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
const _errs8 = errors;
if(errors === _errs7){
}
var _valid1 = _errs7 === errors;
if(_valid1){
valid2 = true;
passing1 = 0;
}
const _errs9 = errors;
const _errs10 = errors;
if(errors === _errs9){
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
let missing0;
if((data0.path === undefined) && (missing0 = "path")){
const err2 = {instancePath:instancePath+"/" + i0,schemaPath:"#/oneOf/1/items/oneOf/1/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
else {
const _errs11 = errors;
for(const key0 in data0){
if(!(((key0 === "path") || (key0 === "format")) || (key0 === "required"))){
const err3 = {instancePath:instancePath+"/" + i0,schemaPath:"#/oneOf/1/items/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
break;
}
}
if(_errs11 === errors){
if(data0.path !== undefined){
let data1 = data0.path;
const _errs12 = errors;
if(typeof data1 !== "string"){
const err4 = {instancePath:instancePath+"/" + i0+"/path",schemaPath:"#/oneOf/1/items/oneOf/1/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
const _errs13 = errors;
if(errors === _errs12){
}
var valid3 = _errs12 === errors;
}
else {
var valid3 = true;
}
if(valid3){
if(data0.format !== undefined){
let data2 = data0.format;
const _errs14 = errors;
if(typeof data2 !== "string"){
const err5 = {instancePath:instancePath+"/" + i0+"/format",schemaPath:"#/oneOf/1/items/oneOf/1/properties/format/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
const _errs15 = errors;
if(errors === _errs14){
}
var valid3 = _errs14 === errors;
}
else {
var valid3 = true;
}
if(valid3){
if(data0.required !== undefined){
let data3 = data0.required;
const _errs16 = errors;
if((typeof data3 !== "boolean") && (typeof data3 !== "string")){
const err6 = {instancePath:instancePath+"/" + i0+"/required",schemaPath:"#/oneOf/1/items/oneOf/1/properties/required/type",keyword:"type",params:{type: schema17.oneOf[1].items.oneOf[1].properties.required.type},message:"must be boolean,string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
const _errs17 = errors;
if(errors === _errs16){
}
var valid3 = _errs16 === errors;
}
else {
var valid3 = true;
}
if(valid3){
}
}
}
}
}
}
else {
const err7 = {instancePath:instancePath+"/" + i0,schemaPath:"#/oneOf/1/items/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(errors === _errs9){
}
}
var _valid1 = _errs9 === errors;
if(_valid1 && valid2){
valid2 = false;
passing1 = [passing1, 1];
}
else {
if(_valid1){
valid2 = true;
passing1 = 1;
}
}
if(!valid2){
const err8 = {instancePath:instancePath+"/" + i0,schemaPath:"#/oneOf/1/items/oneOf",keyword:"oneOf",params:{passingSchemas: passing1},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
else {
errors = _errs6;
if(vErrors !== null){
if(_errs6){
vErrors.length = _errs6;
}
else {
vErrors = null;
}
}
}
if(errors === _errs5){
}
var valid1 = _errs5 === errors;
if(!valid1){
break;
}
}
if(valid1){
}
}
else {
const err9 = {instancePath,schemaPath:"#/oneOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(errors === _errs3){
}
}
var _valid0 = _errs3 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid0 = true;
passing0 = 1;
}
}
if(!valid0){
const err10 = {instancePath,schemaPath:"#/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
validate54.errors = vErrors;
return false;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
if(errors === 0){
}
validate54.errors = vErrors;
return errors === 0;
}

const schema18 = {"oneOf":[{"type":"string","description":"Path to a file containing Docker labels."},{"type":"array","description":"List of paths to files containing Docker labels.","items":{"type":"string","description":"Path to a file containing Docker labels."}}]};

function validate56(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
let passing0 = null;
const _errs1 = errors;
if(typeof data !== "string"){
const err0 = {instancePath,schemaPath:"#/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs2 = errors;
if(errors === _errs1){
}
var _valid0 = _errs1 === errors;
if(_valid0){
valid0 = true;
passing0 = 0;
}
const _errs3 = errors;
const _errs4 = errors;
if(errors === _errs3){
if(Array.isArray(data)){
var valid1 = true;
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data0 = data[i0];
const _errs5 = errors;
if(typeof data0 !== "string"){
const err1 = {instancePath:instancePath+"/" + i0,schemaPath:"#/oneOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
const _errs6 = errors;
if(errors === _errs5){
}
var valid1 = _errs5 === errors;
if(!valid1){
break;
}
}
if(valid1){
}
}
else {
const err2 = {instancePath,schemaPath:"#/oneOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(errors === _errs3){
}
}
var _valid0 = _errs3 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid0 = true;
passing0 = 1;
}
}
if(!valid0){
const err3 = {instancePath,schemaPath:"#/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
validate56.errors = vErrors;
return false;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
if(errors === 0){
}
validate56.errors = vErrors;
return errors === 0;
}

const schema19 = {"oneOf":[{"type":"string","enum":["all"],"description":"Use all available GPUs."},{"type":"array","description":"List of specific GPU devices to use.","items":{"type":"object","properties":{"capabilities":{"$ref":"#/definitions/list_of_strings","description":"List of capabilities the GPU needs to have (e.g., 'compute', 'utility')."},"count":{"type":["string","integer"],"description":"Number of GPUs to use."},"device_ids":{"$ref":"#/definitions/list_of_strings","description":"List of specific GPU device IDs to use."},"driver":{"type":"string","description":"GPU driver to use (e.g., 'nvidia')."},"options":{"$ref":"#/definitions/list_or_dict","description":"Driver-specific options for the GPU."}}},"additionalProperties":false,"patternProperties":{"^x-":{}}}]};

function validate60(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = false;
let passing0 = null;
const _errs1 = errors;
if(typeof data !== "string"){
const err0 = {instancePath,schemaPath:"#/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs2 = errors;
const vSchema0 = schema19.oneOf[0].enum;
if(!(data === "all")){
const err1 = {instancePath,schemaPath:"#/oneOf/0/enum",keyword:"enum",params:{allowedValues: schema19.oneOf[0].enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
else {
}
if(errors === _errs1){
}
var _valid0 = _errs1 === errors;
if(_valid0){
valid0 = true;
passing0 = 0;
}
const _errs3 = errors;
const _errs4 = errors;
if(errors === _errs3){
if(Array.isArray(data)){
var valid1 = true;
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data0 = data[i0];
const _errs5 = errors;
const _errs6 = errors;
if(errors === _errs5){
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
if(data0.capabilities !== undefined){
let data1 = data0.capabilities;
const _errs7 = errors;
if(!(validate3(data1, {instancePath:instancePath+"/" + i0+"/capabilities",parentData:data0,parentDataProperty:"capabilities",rootData}))){
vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);
errors = vErrors.length;
}
else {
}
var valid2 = _errs7 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data0.count !== undefined){
let data2 = data0.count;
const _errs8 = errors;
if((typeof data2 !== "string") && (!((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))))){
const err2 = {instancePath:instancePath+"/" + i0+"/count",schemaPath:"#/oneOf/1/items/properties/count/type",keyword:"type",params:{type: schema19.oneOf[1].items.properties.count.type},message:"must be string,integer"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
const _errs9 = errors;
if(errors === _errs8){
}
var valid2 = _errs8 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data0.device_ids !== undefined){
let data3 = data0.device_ids;
const _errs10 = errors;
if(!(validate3(data3, {instancePath:instancePath+"/" + i0+"/device_ids",parentData:data0,parentDataProperty:"device_ids",rootData}))){
vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);
errors = vErrors.length;
}
else {
}
var valid2 = _errs10 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data0.driver !== undefined){
let data4 = data0.driver;
const _errs11 = errors;
if(typeof data4 !== "string"){
const err3 = {instancePath:instancePath+"/" + i0+"/driver",schemaPath:"#/oneOf/1/items/properties/driver/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const _errs12 = errors;
if(errors === _errs11){
}
var valid2 = _errs11 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data0.options !== undefined){
let data5 = data0.options;
const _errs13 = errors;
if(!(validate15(data5, {instancePath:instancePath+"/" + i0+"/options",parentData:data0,parentDataProperty:"options",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid2 = _errs13 === errors;
}
else {
var valid2 = true;
}
if(valid2){
}
}
}
}
}
}
else {
const err4 = {instancePath:instancePath+"/" + i0,schemaPath:"#/oneOf/1/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(errors === _errs5){
}
}
var valid1 = _errs5 === errors;
if(!valid1){
break;
}
}
if(valid1){
}
}
else {
const err5 = {instancePath,schemaPath:"#/oneOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(errors === _errs3){
if(data && typeof data == "object" && !Array.isArray(data)){
const _errs14 = errors;
for(const key0 in data){
if(!(pattern0.test(key0))){
const err6 = {instancePath,schemaPath:"#/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
break;
}
}
if(_errs14 === errors){
}
}
if(errors === _errs3){
}
}
}
var _valid0 = _errs3 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid0 = true;
passing0 = 1;
}
}
if(!valid0){
const err7 = {instancePath,schemaPath:"#/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
validate60.errors = vErrors;
return false;
}
else {
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
}
if(errors === 0){
}
validate60.errors = vErrors;
return errors === 0;
}

const schema20 = {"type":"object","description":"Configuration options to determine whether the container is healthy.","properties":{"disable":{"type":["boolean","string"],"description":"Disable any container-specified healthcheck. Set to true to disable."},"interval":{"type":"string","description":"Time between running the check (e.g., '1s', '1m30s'). Default: 30s."},"retries":{"type":["number","string"],"description":"Number of consecutive failures needed to consider the container as unhealthy. Default: 3."},"test":{"oneOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}],"description":"The test to perform to check container health. Can be a string or a list. The first item is either NONE, CMD, or CMD-SHELL. If it's CMD, the rest of the command is exec'd. If it's CMD-SHELL, the rest is run in the shell."},"timeout":{"type":"string","description":"Maximum time to allow one check to run (e.g., '1s', '1m30s'). Default: 30s."},"start_period":{"type":"string","description":"Start period for the container to initialize before starting health-retries countdown (e.g., '1s', '1m30s'). Default: 0s."},"start_interval":{"type":"string","description":"Time between running the check during the start period (e.g., '1s', '1m30s'). Default: interval value."}},"additionalProperties":false,"patternProperties":{"^x-":{}}};

function validate65(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
const _errs1 = errors;
for(const key0 in data){
if(!((((((((key0 === "disable") || (key0 === "interval")) || (key0 === "retries")) || (key0 === "test")) || (key0 === "timeout")) || (key0 === "start_period")) || (key0 === "start_interval")) || (pattern0.test(key0)))){
validate65.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.disable !== undefined){
let data0 = data.disable;
const _errs2 = errors;
if((typeof data0 !== "boolean") && (typeof data0 !== "string")){
validate65.errors = [{instancePath:instancePath+"/disable",schemaPath:"#/properties/disable/type",keyword:"type",params:{type: schema20.properties.disable.type},message:"must be boolean,string"}];
return false;
}
const _errs3 = errors;
if(errors === _errs2){
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.interval !== undefined){
let data1 = data.interval;
const _errs4 = errors;
if(typeof data1 !== "string"){
validate65.errors = [{instancePath:instancePath+"/interval",schemaPath:"#/properties/interval/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs5 = errors;
if(errors === _errs4){
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.retries !== undefined){
let data2 = data.retries;
const _errs6 = errors;
if((!(typeof data2 == "number")) && (typeof data2 !== "string")){
validate65.errors = [{instancePath:instancePath+"/retries",schemaPath:"#/properties/retries/type",keyword:"type",params:{type: schema20.properties.retries.type},message:"must be number,string"}];
return false;
}
const _errs7 = errors;
if(errors === _errs6){
}
var valid0 = _errs6 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.test !== undefined){
let data3 = data.test;
const _errs8 = errors;
const _errs9 = errors;
let valid1 = false;
let passing0 = null;
const _errs10 = errors;
if(typeof data3 !== "string"){
const err0 = {instancePath:instancePath+"/test",schemaPath:"#/properties/test/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs11 = errors;
if(errors === _errs10){
}
var _valid0 = _errs10 === errors;
if(_valid0){
valid1 = true;
passing0 = 0;
}
const _errs12 = errors;
const _errs13 = errors;
if(errors === _errs12){
if(Array.isArray(data3)){
var valid2 = true;
const len0 = data3.length;
for(let i0=0; i0<len0; i0++){
let data4 = data3[i0];
const _errs14 = errors;
if(typeof data4 !== "string"){
const err1 = {instancePath:instancePath+"/test/" + i0,schemaPath:"#/properties/test/oneOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
const _errs15 = errors;
if(errors === _errs14){
}
var valid2 = _errs14 === errors;
if(!valid2){
break;
}
}
if(valid2){
}
}
else {
const err2 = {instancePath:instancePath+"/test",schemaPath:"#/properties/test/oneOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(errors === _errs12){
}
}
var _valid0 = _errs12 === errors;
if(_valid0 && valid1){
valid1 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid1 = true;
passing0 = 1;
}
}
if(!valid1){
const err3 = {instancePath:instancePath+"/test",schemaPath:"#/properties/test/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
validate65.errors = vErrors;
return false;
}
else {
errors = _errs9;
if(vErrors !== null){
if(_errs9){
vErrors.length = _errs9;
}
else {
vErrors = null;
}
}
}
if(errors === _errs8){
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.timeout !== undefined){
let data5 = data.timeout;
const _errs16 = errors;
if(typeof data5 !== "string"){
validate65.errors = [{instancePath:instancePath+"/timeout",schemaPath:"#/properties/timeout/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs17 = errors;
if(errors === _errs16){
}
var valid0 = _errs16 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.start_period !== undefined){
let data6 = data.start_period;
const _errs18 = errors;
if(typeof data6 !== "string"){
validate65.errors = [{instancePath:instancePath+"/start_period",schemaPath:"#/properties/start_period/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs19 = errors;
if(errors === _errs18){
}
var valid0 = _errs18 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.start_interval !== undefined){
let data7 = data.start_interval;
const _errs20 = errors;
if(typeof data7 !== "string"){
validate65.errors = [{instancePath:instancePath+"/start_interval",schemaPath:"#/properties/start_interval/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs21 = errors;
if(errors === _errs20){
}
var valid0 = _errs20 === errors;
}
else {
var valid0 = true;
}
if(valid0){
}
}
}
}
}
}
}
}
}
else {
validate65.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === 0){
}
}
validate65.errors = vErrors;
return errors === 0;
}


function validate8(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
const _errs1 = errors;
for(const key0 in data){
if(!((func0.call(schema4.properties, key0)) || (pattern0.test(key0)))){
validate8.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.develop !== undefined){
let data0 = data.develop;
const _errs2 = errors;
if(!(validate9(data0, {instancePath:instancePath+"/develop",parentData:data,parentDataProperty:"develop",rootData}))){
vErrors = vErrors === null ? validate9.errors : vErrors.concat(validate9.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.deploy !== undefined){
let data1 = data.deploy;
const _errs3 = errors;
if(!(validate19(data1, {instancePath:instancePath+"/deploy",parentData:data,parentDataProperty:"deploy",rootData}))){
vErrors = vErrors === null ? validate19.errors : vErrors.concat(validate19.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs3 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.annotations !== undefined){
let data2 = data.annotations;
const _errs4 = errors;
if(!(validate15(data2, {instancePath:instancePath+"/annotations",parentData:data,parentDataProperty:"annotations",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.attach !== undefined){
let data3 = data.attach;
const _errs5 = errors;
if((typeof data3 !== "boolean") && (typeof data3 !== "string")){
validate8.errors = [{instancePath:instancePath+"/attach",schemaPath:"#/properties/attach/type",keyword:"type",params:{type: schema4.properties.attach.type},message:"must be boolean,string"}];
return false;
}
const _errs6 = errors;
if(errors === _errs5){
}
var valid0 = _errs5 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.build !== undefined){
let data4 = data.build;
const _errs7 = errors;
const _errs8 = errors;
let valid1 = false;
let passing0 = null;
const _errs9 = errors;
if(typeof data4 !== "string"){
const err0 = {instancePath:instancePath+"/build",schemaPath:"#/properties/build/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs10 = errors;
if(errors === _errs9){
}
var _valid0 = _errs9 === errors;
if(_valid0){
valid1 = true;
passing0 = 0;
}
const _errs11 = errors;
const _errs12 = errors;
if(errors === _errs11){
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
const _errs13 = errors;
for(const key1 in data4){
if(!((func0.call(schema4.properties.build.oneOf[1].properties, key1)) || (pattern0.test(key1)))){
const err1 = {instancePath:instancePath+"/build",schemaPath:"#/properties/build/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
break;
}
}
if(_errs13 === errors){
if(data4.context !== undefined){
let data5 = data4.context;
const _errs14 = errors;
if(typeof data5 !== "string"){
const err2 = {instancePath:instancePath+"/build/context",schemaPath:"#/properties/build/oneOf/1/properties/context/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
const _errs15 = errors;
if(errors === _errs14){
}
var valid2 = _errs14 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.dockerfile !== undefined){
let data6 = data4.dockerfile;
const _errs16 = errors;
if(typeof data6 !== "string"){
const err3 = {instancePath:instancePath+"/build/dockerfile",schemaPath:"#/properties/build/oneOf/1/properties/dockerfile/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const _errs17 = errors;
if(errors === _errs16){
}
var valid2 = _errs16 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.dockerfile_inline !== undefined){
let data7 = data4.dockerfile_inline;
const _errs18 = errors;
if(typeof data7 !== "string"){
const err4 = {instancePath:instancePath+"/build/dockerfile_inline",schemaPath:"#/properties/build/oneOf/1/properties/dockerfile_inline/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
const _errs19 = errors;
if(errors === _errs18){
}
var valid2 = _errs18 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.entitlements !== undefined){
let data8 = data4.entitlements;
const _errs20 = errors;
const _errs21 = errors;
if(errors === _errs20){
if(Array.isArray(data8)){
var valid3 = true;
const len0 = data8.length;
for(let i0=0; i0<len0; i0++){
let data9 = data8[i0];
const _errs22 = errors;
if(typeof data9 !== "string"){
const err5 = {instancePath:instancePath+"/build/entitlements/" + i0,schemaPath:"#/properties/build/oneOf/1/properties/entitlements/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
const _errs23 = errors;
if(errors === _errs22){
}
var valid3 = _errs22 === errors;
if(!valid3){
break;
}
}
if(valid3){
}
}
else {
const err6 = {instancePath:instancePath+"/build/entitlements",schemaPath:"#/properties/build/oneOf/1/properties/entitlements/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(errors === _errs20){
}
}
var valid2 = _errs20 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.args !== undefined){
let data10 = data4.args;
const _errs24 = errors;
if(!(validate15(data10, {instancePath:instancePath+"/build/args",parentData:data4,parentDataProperty:"args",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid2 = _errs24 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.ssh !== undefined){
let data11 = data4.ssh;
const _errs25 = errors;
if(!(validate15(data11, {instancePath:instancePath+"/build/ssh",parentData:data4,parentDataProperty:"ssh",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid2 = _errs25 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.labels !== undefined){
let data12 = data4.labels;
const _errs26 = errors;
if(!(validate15(data12, {instancePath:instancePath+"/build/labels",parentData:data4,parentDataProperty:"labels",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid2 = _errs26 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.cache_from !== undefined){
let data13 = data4.cache_from;
const _errs27 = errors;
const _errs28 = errors;
if(errors === _errs27){
if(Array.isArray(data13)){
var valid4 = true;
const len1 = data13.length;
for(let i1=0; i1<len1; i1++){
let data14 = data13[i1];
const _errs29 = errors;
if(typeof data14 !== "string"){
const err7 = {instancePath:instancePath+"/build/cache_from/" + i1,schemaPath:"#/properties/build/oneOf/1/properties/cache_from/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
const _errs30 = errors;
if(errors === _errs29){
}
var valid4 = _errs29 === errors;
if(!valid4){
break;
}
}
if(valid4){
}
}
else {
const err8 = {instancePath:instancePath+"/build/cache_from",schemaPath:"#/properties/build/oneOf/1/properties/cache_from/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(errors === _errs27){
}
}
var valid2 = _errs27 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.cache_to !== undefined){
let data15 = data4.cache_to;
const _errs31 = errors;
const _errs32 = errors;
if(errors === _errs31){
if(Array.isArray(data15)){
var valid5 = true;
const len2 = data15.length;
for(let i2=0; i2<len2; i2++){
let data16 = data15[i2];
const _errs33 = errors;
if(typeof data16 !== "string"){
const err9 = {instancePath:instancePath+"/build/cache_to/" + i2,schemaPath:"#/properties/build/oneOf/1/properties/cache_to/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
const _errs34 = errors;
if(errors === _errs33){
}
var valid5 = _errs33 === errors;
if(!valid5){
break;
}
}
if(valid5){
}
}
else {
const err10 = {instancePath:instancePath+"/build/cache_to",schemaPath:"#/properties/build/oneOf/1/properties/cache_to/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(errors === _errs31){
}
}
var valid2 = _errs31 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.no_cache !== undefined){
let data17 = data4.no_cache;
const _errs35 = errors;
if((typeof data17 !== "boolean") && (typeof data17 !== "string")){
const err11 = {instancePath:instancePath+"/build/no_cache",schemaPath:"#/properties/build/oneOf/1/properties/no_cache/type",keyword:"type",params:{type: schema4.properties.build.oneOf[1].properties.no_cache.type},message:"must be boolean,string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
const _errs36 = errors;
if(errors === _errs35){
}
var valid2 = _errs35 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.additional_contexts !== undefined){
let data18 = data4.additional_contexts;
const _errs37 = errors;
if(!(validate15(data18, {instancePath:instancePath+"/build/additional_contexts",parentData:data4,parentDataProperty:"additional_contexts",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid2 = _errs37 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.network !== undefined){
let data19 = data4.network;
const _errs38 = errors;
if(typeof data19 !== "string"){
const err12 = {instancePath:instancePath+"/build/network",schemaPath:"#/properties/build/oneOf/1/properties/network/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
const _errs39 = errors;
if(errors === _errs38){
}
var valid2 = _errs38 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.provenance !== undefined){
let data20 = data4.provenance;
const _errs40 = errors;
if((typeof data20 !== "string") && (typeof data20 !== "boolean")){
const err13 = {instancePath:instancePath+"/build/provenance",schemaPath:"#/properties/build/oneOf/1/properties/provenance/type",keyword:"type",params:{type: schema4.properties.build.oneOf[1].properties.provenance.type},message:"must be string,boolean"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
const _errs41 = errors;
if(errors === _errs40){
}
var valid2 = _errs40 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.sbom !== undefined){
let data21 = data4.sbom;
const _errs42 = errors;
if((typeof data21 !== "string") && (typeof data21 !== "boolean")){
const err14 = {instancePath:instancePath+"/build/sbom",schemaPath:"#/properties/build/oneOf/1/properties/sbom/type",keyword:"type",params:{type: schema4.properties.build.oneOf[1].properties.sbom.type},message:"must be string,boolean"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
const _errs43 = errors;
if(errors === _errs42){
}
var valid2 = _errs42 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.pull !== undefined){
let data22 = data4.pull;
const _errs44 = errors;
if((typeof data22 !== "boolean") && (typeof data22 !== "string")){
const err15 = {instancePath:instancePath+"/build/pull",schemaPath:"#/properties/build/oneOf/1/properties/pull/type",keyword:"type",params:{type: schema4.properties.build.oneOf[1].properties.pull.type},message:"must be boolean,string"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
const _errs45 = errors;
if(errors === _errs44){
}
var valid2 = _errs44 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.target !== undefined){
let data23 = data4.target;
const _errs46 = errors;
if(typeof data23 !== "string"){
const err16 = {instancePath:instancePath+"/build/target",schemaPath:"#/properties/build/oneOf/1/properties/target/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
const _errs47 = errors;
if(errors === _errs46){
}
var valid2 = _errs46 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.shm_size !== undefined){
let data24 = data4.shm_size;
const _errs48 = errors;
if((!((typeof data24 == "number") && (!(data24 % 1) && !isNaN(data24)))) && (typeof data24 !== "string")){
const err17 = {instancePath:instancePath+"/build/shm_size",schemaPath:"#/properties/build/oneOf/1/properties/shm_size/type",keyword:"type",params:{type: schema4.properties.build.oneOf[1].properties.shm_size.type},message:"must be integer,string"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
const _errs49 = errors;
if(errors === _errs48){
}
var valid2 = _errs48 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.extra_hosts !== undefined){
let data25 = data4.extra_hosts;
const _errs50 = errors;
if(!(validate34(data25, {instancePath:instancePath+"/build/extra_hosts",parentData:data4,parentDataProperty:"extra_hosts",rootData}))){
vErrors = vErrors === null ? validate34.errors : vErrors.concat(validate34.errors);
errors = vErrors.length;
}
else {
}
var valid2 = _errs50 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.isolation !== undefined){
let data26 = data4.isolation;
const _errs51 = errors;
if(typeof data26 !== "string"){
const err18 = {instancePath:instancePath+"/build/isolation",schemaPath:"#/properties/build/oneOf/1/properties/isolation/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
const _errs52 = errors;
if(errors === _errs51){
}
var valid2 = _errs51 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.privileged !== undefined){
let data27 = data4.privileged;
const _errs53 = errors;
if((typeof data27 !== "boolean") && (typeof data27 !== "string")){
const err19 = {instancePath:instancePath+"/build/privileged",schemaPath:"#/properties/build/oneOf/1/properties/privileged/type",keyword:"type",params:{type: schema4.properties.build.oneOf[1].properties.privileged.type},message:"must be boolean,string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
const _errs54 = errors;
if(errors === _errs53){
}
var valid2 = _errs53 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.secrets !== undefined){
let data28 = data4.secrets;
const _errs55 = errors;
if(!(validate36(data28, {instancePath:instancePath+"/build/secrets",parentData:data4,parentDataProperty:"secrets",rootData}))){
vErrors = vErrors === null ? validate36.errors : vErrors.concat(validate36.errors);
errors = vErrors.length;
}
else {
}
var valid2 = _errs55 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.tags !== undefined){
let data29 = data4.tags;
const _errs56 = errors;
const _errs57 = errors;
if(errors === _errs56){
if(Array.isArray(data29)){
var valid6 = true;
const len3 = data29.length;
for(let i3=0; i3<len3; i3++){
let data30 = data29[i3];
const _errs58 = errors;
if(typeof data30 !== "string"){
const err20 = {instancePath:instancePath+"/build/tags/" + i3,schemaPath:"#/properties/build/oneOf/1/properties/tags/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
const _errs59 = errors;
if(errors === _errs58){
}
var valid6 = _errs58 === errors;
if(!valid6){
break;
}
}
if(valid6){
}
}
else {
const err21 = {instancePath:instancePath+"/build/tags",schemaPath:"#/properties/build/oneOf/1/properties/tags/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if(errors === _errs56){
}
}
var valid2 = _errs56 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.ulimits !== undefined){
let data31 = data4.ulimits;
const _errs60 = errors;
if(!(validate38(data31, {instancePath:instancePath+"/build/ulimits",parentData:data4,parentDataProperty:"ulimits",rootData}))){
vErrors = vErrors === null ? validate38.errors : vErrors.concat(validate38.errors);
errors = vErrors.length;
}
else {
}
var valid2 = _errs60 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.platforms !== undefined){
let data32 = data4.platforms;
const _errs61 = errors;
const _errs62 = errors;
if(errors === _errs61){
if(Array.isArray(data32)){
var valid7 = true;
const len4 = data32.length;
for(let i4=0; i4<len4; i4++){
let data33 = data32[i4];
const _errs63 = errors;
if(typeof data33 !== "string"){
const err22 = {instancePath:instancePath+"/build/platforms/" + i4,schemaPath:"#/properties/build/oneOf/1/properties/platforms/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
const _errs64 = errors;
if(errors === _errs63){
}
var valid7 = _errs63 === errors;
if(!valid7){
break;
}
}
if(valid7){
}
}
else {
const err23 = {instancePath:instancePath+"/build/platforms",schemaPath:"#/properties/build/oneOf/1/properties/platforms/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(errors === _errs61){
}
}
var valid2 = _errs61 === errors;
}
else {
var valid2 = true;
}
if(valid2){
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
else {
const err24 = {instancePath:instancePath+"/build",schemaPath:"#/properties/build/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if(errors === _errs11){
}
}
var _valid0 = _errs11 === errors;
if(_valid0 && valid1){
valid1 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid1 = true;
passing0 = 1;
}
}
if(!valid1){
const err25 = {instancePath:instancePath+"/build",schemaPath:"#/properties/build/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
validate8.errors = vErrors;
return false;
}
else {
errors = _errs8;
if(vErrors !== null){
if(_errs8){
vErrors.length = _errs8;
}
else {
vErrors = null;
}
}
}
if(errors === _errs7){
}
var valid0 = _errs7 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.blkio_config !== undefined){
let data34 = data.blkio_config;
const _errs65 = errors;
const _errs66 = errors;
if(errors === _errs65){
if(data34 && typeof data34 == "object" && !Array.isArray(data34)){
const _errs67 = errors;
for(const key2 in data34){
if(!((((((key2 === "device_read_bps") || (key2 === "device_read_iops")) || (key2 === "device_write_bps")) || (key2 === "device_write_iops")) || (key2 === "weight")) || (key2 === "weight_device"))){
validate8.errors = [{instancePath:instancePath+"/blkio_config",schemaPath:"#/properties/blkio_config/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs67 === errors){
if(data34.device_read_bps !== undefined){
let data35 = data34.device_read_bps;
const _errs68 = errors;
const _errs69 = errors;
if(errors === _errs68){
if(Array.isArray(data35)){
var valid9 = true;
const len5 = data35.length;
for(let i5=0; i5<len5; i5++){
let data36 = data35[i5];
const _errs70 = errors;
if(!(validate40(data36, {instancePath:instancePath+"/blkio_config/device_read_bps/" + i5,parentData:data35,parentDataProperty:i5,rootData}))){
vErrors = vErrors === null ? validate40.errors : vErrors.concat(validate40.errors);
errors = vErrors.length;
}
else {
}
var valid9 = _errs70 === errors;
if(!valid9){
break;
}
}
if(valid9){
}
}
else {
validate8.errors = [{instancePath:instancePath+"/blkio_config/device_read_bps",schemaPath:"#/properties/blkio_config/properties/device_read_bps/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs68){
}
}
var valid8 = _errs68 === errors;
}
else {
var valid8 = true;
}
if(valid8){
if(data34.device_read_iops !== undefined){
let data37 = data34.device_read_iops;
const _errs71 = errors;
const _errs72 = errors;
if(errors === _errs71){
if(Array.isArray(data37)){
var valid10 = true;
const len6 = data37.length;
for(let i6=0; i6<len6; i6++){
let data38 = data37[i6];
const _errs73 = errors;
if(!(validate40(data38, {instancePath:instancePath+"/blkio_config/device_read_iops/" + i6,parentData:data37,parentDataProperty:i6,rootData}))){
vErrors = vErrors === null ? validate40.errors : vErrors.concat(validate40.errors);
errors = vErrors.length;
}
else {
}
var valid10 = _errs73 === errors;
if(!valid10){
break;
}
}
if(valid10){
}
}
else {
validate8.errors = [{instancePath:instancePath+"/blkio_config/device_read_iops",schemaPath:"#/properties/blkio_config/properties/device_read_iops/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs71){
}
}
var valid8 = _errs71 === errors;
}
else {
var valid8 = true;
}
if(valid8){
if(data34.device_write_bps !== undefined){
let data39 = data34.device_write_bps;
const _errs74 = errors;
const _errs75 = errors;
if(errors === _errs74){
if(Array.isArray(data39)){
var valid11 = true;
const len7 = data39.length;
for(let i7=0; i7<len7; i7++){
let data40 = data39[i7];
const _errs76 = errors;
if(!(validate40(data40, {instancePath:instancePath+"/blkio_config/device_write_bps/" + i7,parentData:data39,parentDataProperty:i7,rootData}))){
vErrors = vErrors === null ? validate40.errors : vErrors.concat(validate40.errors);
errors = vErrors.length;
}
else {
}
var valid11 = _errs76 === errors;
if(!valid11){
break;
}
}
if(valid11){
}
}
else {
validate8.errors = [{instancePath:instancePath+"/blkio_config/device_write_bps",schemaPath:"#/properties/blkio_config/properties/device_write_bps/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs74){
}
}
var valid8 = _errs74 === errors;
}
else {
var valid8 = true;
}
if(valid8){
if(data34.device_write_iops !== undefined){
let data41 = data34.device_write_iops;
const _errs77 = errors;
const _errs78 = errors;
if(errors === _errs77){
if(Array.isArray(data41)){
var valid12 = true;
const len8 = data41.length;
for(let i8=0; i8<len8; i8++){
let data42 = data41[i8];
const _errs79 = errors;
if(!(validate40(data42, {instancePath:instancePath+"/blkio_config/device_write_iops/" + i8,parentData:data41,parentDataProperty:i8,rootData}))){
vErrors = vErrors === null ? validate40.errors : vErrors.concat(validate40.errors);
errors = vErrors.length;
}
else {
}
var valid12 = _errs79 === errors;
if(!valid12){
break;
}
}
if(valid12){
}
}
else {
validate8.errors = [{instancePath:instancePath+"/blkio_config/device_write_iops",schemaPath:"#/properties/blkio_config/properties/device_write_iops/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs77){
}
}
var valid8 = _errs77 === errors;
}
else {
var valid8 = true;
}
if(valid8){
if(data34.weight !== undefined){
let data43 = data34.weight;
const _errs80 = errors;
if((!((typeof data43 == "number") && (!(data43 % 1) && !isNaN(data43)))) && (typeof data43 !== "string")){
validate8.errors = [{instancePath:instancePath+"/blkio_config/weight",schemaPath:"#/properties/blkio_config/properties/weight/type",keyword:"type",params:{type: schema4.properties.blkio_config.properties.weight.type},message:"must be integer,string"}];
return false;
}
const _errs81 = errors;
if(errors === _errs80){
}
var valid8 = _errs80 === errors;
}
else {
var valid8 = true;
}
if(valid8){
if(data34.weight_device !== undefined){
let data44 = data34.weight_device;
const _errs82 = errors;
const _errs83 = errors;
if(errors === _errs82){
if(Array.isArray(data44)){
var valid13 = true;
const len9 = data44.length;
for(let i9=0; i9<len9; i9++){
let data45 = data44[i9];
const _errs84 = errors;
if(!(validate45(data45, {instancePath:instancePath+"/blkio_config/weight_device/" + i9,parentData:data44,parentDataProperty:i9,rootData}))){
vErrors = vErrors === null ? validate45.errors : vErrors.concat(validate45.errors);
errors = vErrors.length;
}
else {
}
var valid13 = _errs84 === errors;
if(!valid13){
break;
}
}
if(valid13){
}
}
else {
validate8.errors = [{instancePath:instancePath+"/blkio_config/weight_device",schemaPath:"#/properties/blkio_config/properties/weight_device/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs82){
}
}
var valid8 = _errs82 === errors;
}
else {
var valid8 = true;
}
if(valid8){
}
}
}
}
}
}
}
}
else {
validate8.errors = [{instancePath:instancePath+"/blkio_config",schemaPath:"#/properties/blkio_config/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs65){
}
}
var valid0 = _errs65 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.cap_add !== undefined){
let data46 = data.cap_add;
const _errs85 = errors;
const _errs86 = errors;
if(errors === _errs85){
if(Array.isArray(data46)){
var valid14 = true;
const len10 = data46.length;
for(let i10=0; i10<len10; i10++){
let data47 = data46[i10];
const _errs87 = errors;
if(typeof data47 !== "string"){
validate8.errors = [{instancePath:instancePath+"/cap_add/" + i10,schemaPath:"#/properties/cap_add/items/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs88 = errors;
if(errors === _errs87){
}
var valid14 = _errs87 === errors;
if(!valid14){
break;
}
}
if(valid14){
let valid15;
let i11 = data46.length;
let j0;
valid15 = true;
if(i11 > 1){
const indices0 = {};
for(;i11--;){
let item0 = data46[i11];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
validate8.errors = [{instancePath:instancePath+"/cap_add",schemaPath:"#/properties/cap_add/uniqueItems",keyword:"uniqueItems",params:{i: i11, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i11+" are identical)"}];
return false;
valid15 = false;
break;
}
indices0[item0] = i11;
}
}
if(valid15){
}
}
}
else {
validate8.errors = [{instancePath:instancePath+"/cap_add",schemaPath:"#/properties/cap_add/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs85){
}
}
var valid0 = _errs85 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.cap_drop !== undefined){
let data48 = data.cap_drop;
const _errs89 = errors;
const _errs90 = errors;
if(errors === _errs89){
if(Array.isArray(data48)){
var valid16 = true;
const len11 = data48.length;
for(let i12=0; i12<len11; i12++){
let data49 = data48[i12];
const _errs91 = errors;
if(typeof data49 !== "string"){
validate8.errors = [{instancePath:instancePath+"/cap_drop/" + i12,schemaPath:"#/properties/cap_drop/items/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs92 = errors;
if(errors === _errs91){
}
var valid16 = _errs91 === errors;
if(!valid16){
break;
}
}
if(valid16){
let valid17;
let i13 = data48.length;
let j1;
valid17 = true;
if(i13 > 1){
const indices1 = {};
for(;i13--;){
let item1 = data48[i13];
if(typeof item1 !== "string"){
continue;
}
if(typeof indices1[item1] == "number"){
j1 = indices1[item1];
validate8.errors = [{instancePath:instancePath+"/cap_drop",schemaPath:"#/properties/cap_drop/uniqueItems",keyword:"uniqueItems",params:{i: i13, j: j1},message:"must NOT have duplicate items (items ## "+j1+" and "+i13+" are identical)"}];
return false;
valid17 = false;
break;
}
indices1[item1] = i13;
}
}
if(valid17){
}
}
}
else {
validate8.errors = [{instancePath:instancePath+"/cap_drop",schemaPath:"#/properties/cap_drop/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs89){
}
}
var valid0 = _errs89 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.cgroup !== undefined){
let data50 = data.cgroup;
const _errs93 = errors;
if(typeof data50 !== "string"){
validate8.errors = [{instancePath:instancePath+"/cgroup",schemaPath:"#/properties/cgroup/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs94 = errors;
const vSchema0 = schema4.properties.cgroup.enum;
if(!((data50 === "host") || (data50 === "private"))){
validate8.errors = [{instancePath:instancePath+"/cgroup",schemaPath:"#/properties/cgroup/enum",keyword:"enum",params:{allowedValues: schema4.properties.cgroup.enum},message:"must be equal to one of the allowed values"}];
return false;
}
else {
}
if(errors === _errs93){
}
var valid0 = _errs93 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.cgroup_parent !== undefined){
let data51 = data.cgroup_parent;
const _errs95 = errors;
if(typeof data51 !== "string"){
validate8.errors = [{instancePath:instancePath+"/cgroup_parent",schemaPath:"#/properties/cgroup_parent/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs96 = errors;
if(errors === _errs95){
}
var valid0 = _errs95 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.command !== undefined){
let data52 = data.command;
const _errs97 = errors;
if(!(validate13(data52, {instancePath:instancePath+"/command",parentData:data,parentDataProperty:"command",rootData}))){
vErrors = vErrors === null ? validate13.errors : vErrors.concat(validate13.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs97 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.configs !== undefined){
let data53 = data.configs;
const _errs98 = errors;
if(!(validate36(data53, {instancePath:instancePath+"/configs",parentData:data,parentDataProperty:"configs",rootData}))){
vErrors = vErrors === null ? validate36.errors : vErrors.concat(validate36.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs98 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.container_name !== undefined){
let data54 = data.container_name;
const _errs99 = errors;
const _errs100 = errors;
if(errors === _errs99){
if(typeof data54 === "string"){
if(!pattern27.test(data54)){
validate8.errors = [{instancePath:instancePath+"/container_name",schemaPath:"#/properties/container_name/pattern",keyword:"pattern",params:{pattern: "[a-zA-Z0-9][a-zA-Z0-9_.-]+"},message:"must match pattern \""+"[a-zA-Z0-9][a-zA-Z0-9_.-]+"+"\""}];
return false;
}
else {
}
}
else {
validate8.errors = [{instancePath:instancePath+"/container_name",schemaPath:"#/properties/container_name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
if(errors === _errs99){
}
}
var valid0 = _errs99 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.cpu_count !== undefined){
let data55 = data.cpu_count;
const _errs101 = errors;
const _errs102 = errors;
let valid18 = false;
let passing1 = null;
const _errs103 = errors;
if(typeof data55 !== "string"){
const err26 = {instancePath:instancePath+"/cpu_count",schemaPath:"#/properties/cpu_count/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
const _errs104 = errors;
if(errors === _errs103){
}
var _valid1 = _errs103 === errors;
if(_valid1){
valid18 = true;
passing1 = 0;
}
const _errs105 = errors;
if(!((typeof data55 == "number") && (!(data55 % 1) && !isNaN(data55)))){
const err27 = {instancePath:instancePath+"/cpu_count",schemaPath:"#/properties/cpu_count/oneOf/1/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
const _errs106 = errors;
if(errors === _errs105){
if(typeof data55 == "number"){
if(data55 < 0 || isNaN(data55)){
const err28 = {instancePath:instancePath+"/cpu_count",schemaPath:"#/properties/cpu_count/oneOf/1/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
else {
}
}
if(errors === _errs105){
}
}
var _valid1 = _errs105 === errors;
if(_valid1 && valid18){
valid18 = false;
passing1 = [passing1, 1];
}
else {
if(_valid1){
valid18 = true;
passing1 = 1;
}
}
if(!valid18){
const err29 = {instancePath:instancePath+"/cpu_count",schemaPath:"#/properties/cpu_count/oneOf",keyword:"oneOf",params:{passingSchemas: passing1},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
validate8.errors = vErrors;
return false;
}
else {
errors = _errs102;
if(vErrors !== null){
if(_errs102){
vErrors.length = _errs102;
}
else {
vErrors = null;
}
}
}
if(errors === _errs101){
}
var valid0 = _errs101 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.cpu_percent !== undefined){
let data56 = data.cpu_percent;
const _errs107 = errors;
const _errs108 = errors;
let valid19 = false;
let passing2 = null;
const _errs109 = errors;
if(typeof data56 !== "string"){
const err30 = {instancePath:instancePath+"/cpu_percent",schemaPath:"#/properties/cpu_percent/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
const _errs110 = errors;
if(errors === _errs109){
}
var _valid2 = _errs109 === errors;
if(_valid2){
valid19 = true;
passing2 = 0;
}
const _errs111 = errors;
if(!((typeof data56 == "number") && (!(data56 % 1) && !isNaN(data56)))){
const err31 = {instancePath:instancePath+"/cpu_percent",schemaPath:"#/properties/cpu_percent/oneOf/1/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
const _errs112 = errors;
if(errors === _errs111){
if(typeof data56 == "number"){
if(data56 > 100 || isNaN(data56)){
const err32 = {instancePath:instancePath+"/cpu_percent",schemaPath:"#/properties/cpu_percent/oneOf/1/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
else {
if(data56 < 0 || isNaN(data56)){
const err33 = {instancePath:instancePath+"/cpu_percent",schemaPath:"#/properties/cpu_percent/oneOf/1/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
else {
}
}
}
if(errors === _errs111){
}
}
var _valid2 = _errs111 === errors;
if(_valid2 && valid19){
valid19 = false;
passing2 = [passing2, 1];
}
else {
if(_valid2){
valid19 = true;
passing2 = 1;
}
}
if(!valid19){
const err34 = {instancePath:instancePath+"/cpu_percent",schemaPath:"#/properties/cpu_percent/oneOf",keyword:"oneOf",params:{passingSchemas: passing2},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
validate8.errors = vErrors;
return false;
}
else {
errors = _errs108;
if(vErrors !== null){
if(_errs108){
vErrors.length = _errs108;
}
else {
vErrors = null;
}
}
}
if(errors === _errs107){
}
var valid0 = _errs107 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.cpu_shares !== undefined){
let data57 = data.cpu_shares;
const _errs113 = errors;
if((!(typeof data57 == "number")) && (typeof data57 !== "string")){
validate8.errors = [{instancePath:instancePath+"/cpu_shares",schemaPath:"#/properties/cpu_shares/type",keyword:"type",params:{type: schema4.properties.cpu_shares.type},message:"must be number,string"}];
return false;
}
const _errs114 = errors;
if(errors === _errs113){
}
var valid0 = _errs113 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.cpu_quota !== undefined){
let data58 = data.cpu_quota;
const _errs115 = errors;
if((!(typeof data58 == "number")) && (typeof data58 !== "string")){
validate8.errors = [{instancePath:instancePath+"/cpu_quota",schemaPath:"#/properties/cpu_quota/type",keyword:"type",params:{type: schema4.properties.cpu_quota.type},message:"must be number,string"}];
return false;
}
const _errs116 = errors;
if(errors === _errs115){
}
var valid0 = _errs115 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.cpu_period !== undefined){
let data59 = data.cpu_period;
const _errs117 = errors;
if((!(typeof data59 == "number")) && (typeof data59 !== "string")){
validate8.errors = [{instancePath:instancePath+"/cpu_period",schemaPath:"#/properties/cpu_period/type",keyword:"type",params:{type: schema4.properties.cpu_period.type},message:"must be number,string"}];
return false;
}
const _errs118 = errors;
if(errors === _errs117){
}
var valid0 = _errs117 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.cpu_rt_period !== undefined){
let data60 = data.cpu_rt_period;
const _errs119 = errors;
if((!(typeof data60 == "number")) && (typeof data60 !== "string")){
validate8.errors = [{instancePath:instancePath+"/cpu_rt_period",schemaPath:"#/properties/cpu_rt_period/type",keyword:"type",params:{type: schema4.properties.cpu_rt_period.type},message:"must be number,string"}];
return false;
}
const _errs120 = errors;
if(errors === _errs119){
}
var valid0 = _errs119 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.cpu_rt_runtime !== undefined){
let data61 = data.cpu_rt_runtime;
const _errs121 = errors;
if((!(typeof data61 == "number")) && (typeof data61 !== "string")){
validate8.errors = [{instancePath:instancePath+"/cpu_rt_runtime",schemaPath:"#/properties/cpu_rt_runtime/type",keyword:"type",params:{type: schema4.properties.cpu_rt_runtime.type},message:"must be number,string"}];
return false;
}
const _errs122 = errors;
if(errors === _errs121){
}
var valid0 = _errs121 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.cpus !== undefined){
let data62 = data.cpus;
const _errs123 = errors;
if((!(typeof data62 == "number")) && (typeof data62 !== "string")){
validate8.errors = [{instancePath:instancePath+"/cpus",schemaPath:"#/properties/cpus/type",keyword:"type",params:{type: schema4.properties.cpus.type},message:"must be number,string"}];
return false;
}
const _errs124 = errors;
if(errors === _errs123){
}
var valid0 = _errs123 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.cpuset !== undefined){
let data63 = data.cpuset;
const _errs125 = errors;
if(typeof data63 !== "string"){
validate8.errors = [{instancePath:instancePath+"/cpuset",schemaPath:"#/properties/cpuset/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs126 = errors;
if(errors === _errs125){
}
var valid0 = _errs125 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.credential_spec !== undefined){
let data64 = data.credential_spec;
const _errs127 = errors;
const _errs128 = errors;
if(errors === _errs127){
if(data64 && typeof data64 == "object" && !Array.isArray(data64)){
const _errs129 = errors;
for(const key3 in data64){
if(!((((key3 === "config") || (key3 === "file")) || (key3 === "registry")) || (pattern0.test(key3)))){
validate8.errors = [{instancePath:instancePath+"/credential_spec",schemaPath:"#/properties/credential_spec/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs129 === errors){
if(data64.config !== undefined){
let data65 = data64.config;
const _errs130 = errors;
if(typeof data65 !== "string"){
validate8.errors = [{instancePath:instancePath+"/credential_spec/config",schemaPath:"#/properties/credential_spec/properties/config/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs131 = errors;
if(errors === _errs130){
}
var valid20 = _errs130 === errors;
}
else {
var valid20 = true;
}
if(valid20){
if(data64.file !== undefined){
let data66 = data64.file;
const _errs132 = errors;
if(typeof data66 !== "string"){
validate8.errors = [{instancePath:instancePath+"/credential_spec/file",schemaPath:"#/properties/credential_spec/properties/file/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs133 = errors;
if(errors === _errs132){
}
var valid20 = _errs132 === errors;
}
else {
var valid20 = true;
}
if(valid20){
if(data64.registry !== undefined){
let data67 = data64.registry;
const _errs134 = errors;
if(typeof data67 !== "string"){
validate8.errors = [{instancePath:instancePath+"/credential_spec/registry",schemaPath:"#/properties/credential_spec/properties/registry/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs135 = errors;
if(errors === _errs134){
}
var valid20 = _errs134 === errors;
}
else {
var valid20 = true;
}
if(valid20){
}
}
}
}
}
else {
validate8.errors = [{instancePath:instancePath+"/credential_spec",schemaPath:"#/properties/credential_spec/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs127){
}
}
var valid0 = _errs127 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.depends_on !== undefined){
let data68 = data.depends_on;
const _errs136 = errors;
const _errs137 = errors;
let valid21 = false;
let passing3 = null;
const _errs138 = errors;
if(!(validate3(data68, {instancePath:instancePath+"/depends_on",parentData:data,parentDataProperty:"depends_on",rootData}))){
vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);
errors = vErrors.length;
}
else {
}
var _valid3 = _errs138 === errors;
if(_valid3){
valid21 = true;
passing3 = 0;
}
const _errs139 = errors;
const _errs140 = errors;
if(errors === _errs139){
if(data68 && typeof data68 == "object" && !Array.isArray(data68)){
const _errs141 = errors;
for(const key4 in data68){
if(!(pattern1.test(key4))){
const err35 = {instancePath:instancePath+"/depends_on",schemaPath:"#/properties/depends_on/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
break;
}
}
if(_errs141 === errors){
var valid22 = true;
for(const key5 in data68){
if(pattern1.test(key5)){
let data69 = data68[key5];
const _errs142 = errors;
const _errs143 = errors;
if(errors === _errs142){
if(data69 && typeof data69 == "object" && !Array.isArray(data69)){
let missing0;
if((data69.condition === undefined) && (missing0 = "condition")){
const err36 = {instancePath:instancePath+"/depends_on/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/depends_on/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
else {
const _errs144 = errors;
for(const key6 in data69){
if(!((((key6 === "restart") || (key6 === "required")) || (key6 === "condition")) || (pattern0.test(key6)))){
const err37 = {instancePath:instancePath+"/depends_on/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/depends_on/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
break;
}
}
if(_errs144 === errors){
if(data69.restart !== undefined){
let data70 = data69.restart;
const _errs145 = errors;
if((typeof data70 !== "boolean") && (typeof data70 !== "string")){
const err38 = {instancePath:instancePath+"/depends_on/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/restart",schemaPath:"#/properties/depends_on/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/properties/restart/type",keyword:"type",params:{type: schema4.properties.depends_on.oneOf[1].patternProperties["^[a-zA-Z0-9._-]+$"].properties.restart.type},message:"must be boolean,string"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
const _errs146 = errors;
if(errors === _errs145){
}
var valid23 = _errs145 === errors;
}
else {
var valid23 = true;
}
if(valid23){
if(data69.required !== undefined){
let data71 = data69.required;
const _errs147 = errors;
if(typeof data71 !== "boolean"){
const err39 = {instancePath:instancePath+"/depends_on/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/required",schemaPath:"#/properties/depends_on/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/properties/required/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
const _errs148 = errors;
if(errors === _errs147){
}
var valid23 = _errs147 === errors;
}
else {
var valid23 = true;
}
if(valid23){
if(data69.condition !== undefined){
let data72 = data69.condition;
const _errs149 = errors;
if(typeof data72 !== "string"){
const err40 = {instancePath:instancePath+"/depends_on/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/condition",schemaPath:"#/properties/depends_on/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/properties/condition/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
const _errs150 = errors;
const vSchema1 = schema4.properties.depends_on.oneOf[1].patternProperties["^[a-zA-Z0-9._-]+$"].properties.condition.enum;
if(!(((data72 === "service_started") || (data72 === "service_healthy")) || (data72 === "service_completed_successfully"))){
const err41 = {instancePath:instancePath+"/depends_on/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/condition",schemaPath:"#/properties/depends_on/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/properties/condition/enum",keyword:"enum",params:{allowedValues: schema4.properties.depends_on.oneOf[1].patternProperties["^[a-zA-Z0-9._-]+$"].properties.condition.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
else {
}
if(errors === _errs149){
}
var valid23 = _errs149 === errors;
}
else {
var valid23 = true;
}
if(valid23){
}
}
}
}
}
}
else {
const err42 = {instancePath:instancePath+"/depends_on/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/depends_on/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
if(errors === _errs142){
}
}
var valid22 = _errs142 === errors;
if(!valid22){
break;
}
}
}
if(valid22){
}
}
}
else {
const err43 = {instancePath:instancePath+"/depends_on",schemaPath:"#/properties/depends_on/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
if(errors === _errs139){
}
}
var _valid3 = _errs139 === errors;
if(_valid3 && valid21){
valid21 = false;
passing3 = [passing3, 1];
}
else {
if(_valid3){
valid21 = true;
passing3 = 1;
}
}
if(!valid21){
const err44 = {instancePath:instancePath+"/depends_on",schemaPath:"#/properties/depends_on/oneOf",keyword:"oneOf",params:{passingSchemas: passing3},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
validate8.errors = vErrors;
return false;
}
else {
errors = _errs137;
if(vErrors !== null){
if(_errs137){
vErrors.length = _errs137;
}
else {
vErrors = null;
}
}
}
if(errors === _errs136){
}
var valid0 = _errs136 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.device_cgroup_rules !== undefined){
let data73 = data.device_cgroup_rules;
const _errs151 = errors;
if(!(validate3(data73, {instancePath:instancePath+"/device_cgroup_rules",parentData:data,parentDataProperty:"device_cgroup_rules",rootData}))){
vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs151 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.devices !== undefined){
let data74 = data.devices;
const _errs152 = errors;
const _errs153 = errors;
if(errors === _errs152){
if(Array.isArray(data74)){
var valid24 = true;
const len12 = data74.length;
for(let i14=0; i14<len12; i14++){
let data75 = data74[i14];
const _errs154 = errors;
const _errs155 = errors;
let valid25 = false;
let passing4 = null;
const _errs156 = errors;
if(typeof data75 !== "string"){
const err45 = {instancePath:instancePath+"/devices/" + i14,schemaPath:"#/properties/devices/items/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
const _errs157 = errors;
if(errors === _errs156){
}
var _valid4 = _errs156 === errors;
if(_valid4){
valid25 = true;
passing4 = 0;
}
const _errs158 = errors;
const _errs159 = errors;
if(errors === _errs158){
if(data75 && typeof data75 == "object" && !Array.isArray(data75)){
let missing1;
if((data75.source === undefined) && (missing1 = "source")){
const err46 = {instancePath:instancePath+"/devices/" + i14,schemaPath:"#/properties/devices/items/oneOf/1/required",keyword:"required",params:{missingProperty: missing1},message:"must have required property '"+missing1+"'"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
else {
const _errs160 = errors;
for(const key7 in data75){
if(!((((key7 === "source") || (key7 === "target")) || (key7 === "permissions")) || (pattern0.test(key7)))){
const err47 = {instancePath:instancePath+"/devices/" + i14,schemaPath:"#/properties/devices/items/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
break;
}
}
if(_errs160 === errors){
if(data75.source !== undefined){
let data76 = data75.source;
const _errs161 = errors;
if(typeof data76 !== "string"){
const err48 = {instancePath:instancePath+"/devices/" + i14+"/source",schemaPath:"#/properties/devices/items/oneOf/1/properties/source/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
const _errs162 = errors;
if(errors === _errs161){
}
var valid26 = _errs161 === errors;
}
else {
var valid26 = true;
}
if(valid26){
if(data75.target !== undefined){
let data77 = data75.target;
const _errs163 = errors;
if(typeof data77 !== "string"){
const err49 = {instancePath:instancePath+"/devices/" + i14+"/target",schemaPath:"#/properties/devices/items/oneOf/1/properties/target/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
const _errs164 = errors;
if(errors === _errs163){
}
var valid26 = _errs163 === errors;
}
else {
var valid26 = true;
}
if(valid26){
if(data75.permissions !== undefined){
let data78 = data75.permissions;
const _errs165 = errors;
if(typeof data78 !== "string"){
const err50 = {instancePath:instancePath+"/devices/" + i14+"/permissions",schemaPath:"#/properties/devices/items/oneOf/1/properties/permissions/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
const _errs166 = errors;
if(errors === _errs165){
}
var valid26 = _errs165 === errors;
}
else {
var valid26 = true;
}
if(valid26){
}
}
}
}
}
}
else {
const err51 = {instancePath:instancePath+"/devices/" + i14,schemaPath:"#/properties/devices/items/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
if(errors === _errs158){
}
}
var _valid4 = _errs158 === errors;
if(_valid4 && valid25){
valid25 = false;
passing4 = [passing4, 1];
}
else {
if(_valid4){
valid25 = true;
passing4 = 1;
}
}
if(!valid25){
const err52 = {instancePath:instancePath+"/devices/" + i14,schemaPath:"#/properties/devices/items/oneOf",keyword:"oneOf",params:{passingSchemas: passing4},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
validate8.errors = vErrors;
return false;
}
else {
errors = _errs155;
if(vErrors !== null){
if(_errs155){
vErrors.length = _errs155;
}
else {
vErrors = null;
}
}
}
if(errors === _errs154){
}
var valid24 = _errs154 === errors;
if(!valid24){
break;
}
}
if(valid24){
}
}
else {
validate8.errors = [{instancePath:instancePath+"/devices",schemaPath:"#/properties/devices/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs152){
}
}
var valid0 = _errs152 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.dns !== undefined){
let data79 = data.dns;
const _errs167 = errors;
if(!(validate2(data79, {instancePath:instancePath+"/dns",parentData:data,parentDataProperty:"dns",rootData}))){
vErrors = vErrors === null ? validate2.errors : vErrors.concat(validate2.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs167 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.dns_opt !== undefined){
let data80 = data.dns_opt;
const _errs168 = errors;
const _errs169 = errors;
if(errors === _errs168){
if(Array.isArray(data80)){
var valid27 = true;
const len13 = data80.length;
for(let i15=0; i15<len13; i15++){
let data81 = data80[i15];
const _errs170 = errors;
if(typeof data81 !== "string"){
validate8.errors = [{instancePath:instancePath+"/dns_opt/" + i15,schemaPath:"#/properties/dns_opt/items/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs171 = errors;
if(errors === _errs170){
}
var valid27 = _errs170 === errors;
if(!valid27){
break;
}
}
if(valid27){
let valid28;
let i16 = data80.length;
let j2;
valid28 = true;
if(i16 > 1){
const indices2 = {};
for(;i16--;){
let item2 = data80[i16];
if(typeof item2 !== "string"){
continue;
}
if(typeof indices2[item2] == "number"){
j2 = indices2[item2];
validate8.errors = [{instancePath:instancePath+"/dns_opt",schemaPath:"#/properties/dns_opt/uniqueItems",keyword:"uniqueItems",params:{i: i16, j: j2},message:"must NOT have duplicate items (items ## "+j2+" and "+i16+" are identical)"}];
return false;
valid28 = false;
break;
}
indices2[item2] = i16;
}
}
if(valid28){
}
}
}
else {
validate8.errors = [{instancePath:instancePath+"/dns_opt",schemaPath:"#/properties/dns_opt/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs168){
}
}
var valid0 = _errs168 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.dns_search !== undefined){
let data82 = data.dns_search;
const _errs172 = errors;
if(!(validate2(data82, {instancePath:instancePath+"/dns_search",parentData:data,parentDataProperty:"dns_search",rootData}))){
vErrors = vErrors === null ? validate2.errors : vErrors.concat(validate2.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs172 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.domainname !== undefined){
let data83 = data.domainname;
const _errs173 = errors;
if(typeof data83 !== "string"){
validate8.errors = [{instancePath:instancePath+"/domainname",schemaPath:"#/properties/domainname/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs174 = errors;
if(errors === _errs173){
}
var valid0 = _errs173 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.entrypoint !== undefined){
let data84 = data.entrypoint;
const _errs175 = errors;
if(!(validate13(data84, {instancePath:instancePath+"/entrypoint",parentData:data,parentDataProperty:"entrypoint",rootData}))){
vErrors = vErrors === null ? validate13.errors : vErrors.concat(validate13.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs175 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.env_file !== undefined){
let data85 = data.env_file;
const _errs176 = errors;
if(!(validate54(data85, {instancePath:instancePath+"/env_file",parentData:data,parentDataProperty:"env_file",rootData}))){
vErrors = vErrors === null ? validate54.errors : vErrors.concat(validate54.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs176 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.label_file !== undefined){
let data86 = data.label_file;
const _errs177 = errors;
if(!(validate56(data86, {instancePath:instancePath+"/label_file",parentData:data,parentDataProperty:"label_file",rootData}))){
vErrors = vErrors === null ? validate56.errors : vErrors.concat(validate56.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs177 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.environment !== undefined){
let data87 = data.environment;
const _errs178 = errors;
if(!(validate15(data87, {instancePath:instancePath+"/environment",parentData:data,parentDataProperty:"environment",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs178 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.expose !== undefined){
let data88 = data.expose;
const _errs179 = errors;
const _errs180 = errors;
if(errors === _errs179){
if(Array.isArray(data88)){
var valid29 = true;
const len14 = data88.length;
for(let i17=0; i17<len14; i17++){
let data89 = data88[i17];
const _errs181 = errors;
if((typeof data89 !== "string") && (!(typeof data89 == "number"))){
validate8.errors = [{instancePath:instancePath+"/expose/" + i17,schemaPath:"#/properties/expose/items/type",keyword:"type",params:{type: schema4.properties.expose.items.type},message:"must be string,number"}];
return false;
}
const _errs182 = errors;
if(errors === _errs181){
}
var valid29 = _errs181 === errors;
if(!valid29){
break;
}
}
if(valid29){
let valid30;
let i18 = data88.length;
let j3;
valid30 = true;
if(i18 > 1){
const indices3 = {};
for(;i18--;){
let item3 = data88[i18];
if((typeof item3 !== "string") && (!(typeof item3 == "number"))){
continue;
}
if(typeof item3 == "string"){
item3 += "_";
}
if(typeof indices3[item3] == "number"){
j3 = indices3[item3];
validate8.errors = [{instancePath:instancePath+"/expose",schemaPath:"#/properties/expose/uniqueItems",keyword:"uniqueItems",params:{i: i18, j: j3},message:"must NOT have duplicate items (items ## "+j3+" and "+i18+" are identical)"}];
return false;
valid30 = false;
break;
}
indices3[item3] = i18;
}
}
if(valid30){
}
}
}
else {
validate8.errors = [{instancePath:instancePath+"/expose",schemaPath:"#/properties/expose/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs179){
}
}
var valid0 = _errs179 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.extends !== undefined){
let data90 = data.extends;
const _errs183 = errors;
const _errs184 = errors;
let valid31 = false;
let passing5 = null;
const _errs185 = errors;
if(typeof data90 !== "string"){
const err53 = {instancePath:instancePath+"/extends",schemaPath:"#/properties/extends/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
const _errs186 = errors;
if(errors === _errs185){
}
var _valid5 = _errs185 === errors;
if(_valid5){
valid31 = true;
passing5 = 0;
}
const _errs187 = errors;
const _errs188 = errors;
if(errors === _errs187){
if(data90 && typeof data90 == "object" && !Array.isArray(data90)){
let missing2;
if((data90.service === undefined) && (missing2 = "service")){
const err54 = {instancePath:instancePath+"/extends",schemaPath:"#/properties/extends/oneOf/1/required",keyword:"required",params:{missingProperty: missing2},message:"must have required property '"+missing2+"'"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
else {
const _errs189 = errors;
for(const key8 in data90){
if(!((key8 === "service") || (key8 === "file"))){
const err55 = {instancePath:instancePath+"/extends",schemaPath:"#/properties/extends/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
break;
}
}
if(_errs189 === errors){
if(data90.service !== undefined){
let data91 = data90.service;
const _errs190 = errors;
if(typeof data91 !== "string"){
const err56 = {instancePath:instancePath+"/extends/service",schemaPath:"#/properties/extends/oneOf/1/properties/service/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
const _errs191 = errors;
if(errors === _errs190){
}
var valid32 = _errs190 === errors;
}
else {
var valid32 = true;
}
if(valid32){
if(data90.file !== undefined){
let data92 = data90.file;
const _errs192 = errors;
if(typeof data92 !== "string"){
const err57 = {instancePath:instancePath+"/extends/file",schemaPath:"#/properties/extends/oneOf/1/properties/file/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
const _errs193 = errors;
if(errors === _errs192){
}
var valid32 = _errs192 === errors;
}
else {
var valid32 = true;
}
if(valid32){
}
}
}
}
}
else {
const err58 = {instancePath:instancePath+"/extends",schemaPath:"#/properties/extends/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
if(errors === _errs187){
}
}
var _valid5 = _errs187 === errors;
if(_valid5 && valid31){
valid31 = false;
passing5 = [passing5, 1];
}
else {
if(_valid5){
valid31 = true;
passing5 = 1;
}
}
if(!valid31){
const err59 = {instancePath:instancePath+"/extends",schemaPath:"#/properties/extends/oneOf",keyword:"oneOf",params:{passingSchemas: passing5},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
validate8.errors = vErrors;
return false;
}
else {
errors = _errs184;
if(vErrors !== null){
if(_errs184){
vErrors.length = _errs184;
}
else {
vErrors = null;
}
}
}
if(errors === _errs183){
}
var valid0 = _errs183 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.provider !== undefined){
let data93 = data.provider;
const _errs194 = errors;
const _errs195 = errors;
if(errors === _errs194){
if(data93 && typeof data93 == "object" && !Array.isArray(data93)){
let missing3;
if((data93.type === undefined) && (missing3 = "type")){
validate8.errors = [{instancePath:instancePath+"/provider",schemaPath:"#/properties/provider/required",keyword:"required",params:{missingProperty: missing3},message:"must have required property '"+missing3+"'"}];
return false;
}
else {
const _errs196 = errors;
for(const key9 in data93){
if(!(((key9 === "type") || (key9 === "options")) || (pattern0.test(key9)))){
validate8.errors = [{instancePath:instancePath+"/provider",schemaPath:"#/properties/provider/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs196 === errors){
if(data93.type !== undefined){
let data94 = data93.type;
const _errs197 = errors;
if(typeof data94 !== "string"){
validate8.errors = [{instancePath:instancePath+"/provider/type",schemaPath:"#/properties/provider/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs198 = errors;
if(errors === _errs197){
}
var valid33 = _errs197 === errors;
}
else {
var valid33 = true;
}
if(valid33){
if(data93.options !== undefined){
let data95 = data93.options;
const _errs199 = errors;
const _errs200 = errors;
if(errors === _errs199){
if(data95 && typeof data95 == "object" && !Array.isArray(data95)){
var props0 = {};
var valid34 = true;
for(const key10 in data95){
if(pattern34.test(key10)){
let data96 = data95[key10];
const _errs201 = errors;
const _errs202 = errors;
let valid35 = false;
let passing6 = null;
const _errs203 = errors;
if(((typeof data96 !== "string") && (!(typeof data96 == "number"))) && (typeof data96 !== "boolean")){
const err60 = {instancePath:instancePath+"/provider/options/" + key10.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/provider/properties/options/patternProperties/%5E.%2B%24/oneOf/0/type",keyword:"type",params:{type: schema4.properties.provider.properties.options.patternProperties["^.+$"].oneOf[0].type},message:"must be string,number,boolean"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
const _errs204 = errors;
if(errors === _errs203){
}
var _valid6 = _errs203 === errors;
if(_valid6){
valid35 = true;
passing6 = 0;
}
const _errs205 = errors;
const _errs206 = errors;
if(errors === _errs205){
if(Array.isArray(data96)){
var valid36 = true;
const len15 = data96.length;
for(let i19=0; i19<len15; i19++){
let data97 = data96[i19];
const _errs207 = errors;
if(((typeof data97 !== "string") && (!(typeof data97 == "number"))) && (typeof data97 !== "boolean")){
const err61 = {instancePath:instancePath+"/provider/options/" + key10.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i19,schemaPath:"#/properties/provider/properties/options/patternProperties/%5E.%2B%24/oneOf/1/items/type",keyword:"type",params:{type: schema4.properties.provider.properties.options.patternProperties["^.+$"].oneOf[1].items.type},message:"must be string,number,boolean"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
const _errs208 = errors;
if(errors === _errs207){
}
var valid36 = _errs207 === errors;
if(!valid36){
break;
}
}
if(valid36){
}
}
else {
const err62 = {instancePath:instancePath+"/provider/options/" + key10.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/provider/properties/options/patternProperties/%5E.%2B%24/oneOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
if(errors === _errs205){
}
}
var _valid6 = _errs205 === errors;
if(_valid6 && valid35){
valid35 = false;
passing6 = [passing6, 1];
}
else {
if(_valid6){
valid35 = true;
passing6 = 1;
}
}
if(!valid35){
const err63 = {instancePath:instancePath+"/provider/options/" + key10.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/provider/properties/options/patternProperties/%5E.%2B%24/oneOf",keyword:"oneOf",params:{passingSchemas: passing6},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
validate8.errors = vErrors;
return false;
}
else {
errors = _errs202;
if(vErrors !== null){
if(_errs202){
vErrors.length = _errs202;
}
else {
vErrors = null;
}
}
}
if(errors === _errs201){
}
var valid34 = _errs201 === errors;
if(!valid34){
break;
}
}
}
if(valid34){
}
}
else {
validate8.errors = [{instancePath:instancePath+"/provider/options",schemaPath:"#/properties/provider/properties/options/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs199){
}
}
var valid33 = _errs199 === errors;
}
else {
var valid33 = true;
}
if(valid33){
}
}
}
}
}
else {
validate8.errors = [{instancePath:instancePath+"/provider",schemaPath:"#/properties/provider/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs194){
}
}
var valid0 = _errs194 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.external_links !== undefined){
let data98 = data.external_links;
const _errs209 = errors;
const _errs210 = errors;
if(errors === _errs209){
if(Array.isArray(data98)){
var valid37 = true;
const len16 = data98.length;
for(let i20=0; i20<len16; i20++){
let data99 = data98[i20];
const _errs211 = errors;
if(typeof data99 !== "string"){
validate8.errors = [{instancePath:instancePath+"/external_links/" + i20,schemaPath:"#/properties/external_links/items/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs212 = errors;
if(errors === _errs211){
}
var valid37 = _errs211 === errors;
if(!valid37){
break;
}
}
if(valid37){
let valid38;
let i21 = data98.length;
let j4;
valid38 = true;
if(i21 > 1){
const indices4 = {};
for(;i21--;){
let item4 = data98[i21];
if(typeof item4 !== "string"){
continue;
}
if(typeof indices4[item4] == "number"){
j4 = indices4[item4];
validate8.errors = [{instancePath:instancePath+"/external_links",schemaPath:"#/properties/external_links/uniqueItems",keyword:"uniqueItems",params:{i: i21, j: j4},message:"must NOT have duplicate items (items ## "+j4+" and "+i21+" are identical)"}];
return false;
valid38 = false;
break;
}
indices4[item4] = i21;
}
}
if(valid38){
}
}
}
else {
validate8.errors = [{instancePath:instancePath+"/external_links",schemaPath:"#/properties/external_links/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs209){
}
}
var valid0 = _errs209 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.extra_hosts !== undefined){
let data100 = data.extra_hosts;
const _errs213 = errors;
if(!(validate34(data100, {instancePath:instancePath+"/extra_hosts",parentData:data,parentDataProperty:"extra_hosts",rootData}))){
vErrors = vErrors === null ? validate34.errors : vErrors.concat(validate34.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs213 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.gpus !== undefined){
let data101 = data.gpus;
const _errs214 = errors;
if(!(validate60(data101, {instancePath:instancePath+"/gpus",parentData:data,parentDataProperty:"gpus",rootData}))){
vErrors = vErrors === null ? validate60.errors : vErrors.concat(validate60.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs214 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.group_add !== undefined){
let data102 = data.group_add;
const _errs215 = errors;
const _errs216 = errors;
if(errors === _errs215){
if(Array.isArray(data102)){
var valid39 = true;
const len17 = data102.length;
for(let i22=0; i22<len17; i22++){
let data103 = data102[i22];
const _errs217 = errors;
if((typeof data103 !== "string") && (!(typeof data103 == "number"))){
validate8.errors = [{instancePath:instancePath+"/group_add/" + i22,schemaPath:"#/properties/group_add/items/type",keyword:"type",params:{type: schema4.properties.group_add.items.type},message:"must be string,number"}];
return false;
}
const _errs218 = errors;
if(errors === _errs217){
}
var valid39 = _errs217 === errors;
if(!valid39){
break;
}
}
if(valid39){
let valid40;
let i23 = data102.length;
let j5;
valid40 = true;
if(i23 > 1){
const indices5 = {};
for(;i23--;){
let item5 = data102[i23];
if((typeof item5 !== "string") && (!(typeof item5 == "number"))){
continue;
}
if(typeof item5 == "string"){
item5 += "_";
}
if(typeof indices5[item5] == "number"){
j5 = indices5[item5];
validate8.errors = [{instancePath:instancePath+"/group_add",schemaPath:"#/properties/group_add/uniqueItems",keyword:"uniqueItems",params:{i: i23, j: j5},message:"must NOT have duplicate items (items ## "+j5+" and "+i23+" are identical)"}];
return false;
valid40 = false;
break;
}
indices5[item5] = i23;
}
}
if(valid40){
}
}
}
else {
validate8.errors = [{instancePath:instancePath+"/group_add",schemaPath:"#/properties/group_add/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs215){
}
}
var valid0 = _errs215 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.healthcheck !== undefined){
let data104 = data.healthcheck;
const _errs219 = errors;
if(!(validate65(data104, {instancePath:instancePath+"/healthcheck",parentData:data,parentDataProperty:"healthcheck",rootData}))){
vErrors = vErrors === null ? validate65.errors : vErrors.concat(validate65.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs219 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.hostname !== undefined){
let data105 = data.hostname;
const _errs220 = errors;
if(typeof data105 !== "string"){
validate8.errors = [{instancePath:instancePath+"/hostname",schemaPath:"#/properties/hostname/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs221 = errors;
if(errors === _errs220){
}
var valid0 = _errs220 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.image !== undefined){
let data106 = data.image;
const _errs222 = errors;
if(typeof data106 !== "string"){
validate8.errors = [{instancePath:instancePath+"/image",schemaPath:"#/properties/image/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs223 = errors;
if(errors === _errs222){
}
var valid0 = _errs222 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.init !== undefined){
let data107 = data.init;
const _errs224 = errors;
if((typeof data107 !== "boolean") && (typeof data107 !== "string")){
validate8.errors = [{instancePath:instancePath+"/init",schemaPath:"#/properties/init/type",keyword:"type",params:{type: schema4.properties.init.type},message:"must be boolean,string"}];
return false;
}
const _errs225 = errors;
if(errors === _errs224){
}
var valid0 = _errs224 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.ipc !== undefined){
let data108 = data.ipc;
const _errs226 = errors;
if(typeof data108 !== "string"){
validate8.errors = [{instancePath:instancePath+"/ipc",schemaPath:"#/properties/ipc/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs227 = errors;
if(errors === _errs226){
}
var valid0 = _errs226 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.isolation !== undefined){
let data109 = data.isolation;
const _errs228 = errors;
if(typeof data109 !== "string"){
validate8.errors = [{instancePath:instancePath+"/isolation",schemaPath:"#/properties/isolation/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs229 = errors;
if(errors === _errs228){
}
var valid0 = _errs228 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.labels !== undefined){
let data110 = data.labels;
const _errs230 = errors;
if(!(validate15(data110, {instancePath:instancePath+"/labels",parentData:data,parentDataProperty:"labels",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs230 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.links !== undefined){
let data111 = data.links;
const _errs231 = errors;
const _errs232 = errors;
if(errors === _errs231){
if(Array.isArray(data111)){
var valid41 = true;
const len18 = data111.length;
for(let i24=0; i24<len18; i24++){
let data112 = data111[i24];
const _errs233 = errors;
if(typeof data112 !== "string"){
validate8.errors = [{instancePath:instancePath+"/links/" + i24,schemaPath:"#/properties/links/items/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs234 = errors;
if(errors === _errs233){
}
var valid41 = _errs233 === errors;
if(!valid41){
break;
}
}
if(valid41){
let valid42;
let i25 = data111.length;
let j6;
valid42 = true;
if(i25 > 1){
const indices6 = {};
for(;i25--;){
let item6 = data111[i25];
if(typeof item6 !== "string"){
continue;
}
if(typeof indices6[item6] == "number"){
j6 = indices6[item6];
validate8.errors = [{instancePath:instancePath+"/links",schemaPath:"#/properties/links/uniqueItems",keyword:"uniqueItems",params:{i: i25, j: j6},message:"must NOT have duplicate items (items ## "+j6+" and "+i25+" are identical)"}];
return false;
valid42 = false;
break;
}
indices6[item6] = i25;
}
}
if(valid42){
}
}
}
else {
validate8.errors = [{instancePath:instancePath+"/links",schemaPath:"#/properties/links/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs231){
}
}
var valid0 = _errs231 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.logging !== undefined){
let data113 = data.logging;
const _errs235 = errors;
const _errs236 = errors;
if(errors === _errs235){
if(data113 && typeof data113 == "object" && !Array.isArray(data113)){
const _errs237 = errors;
for(const key11 in data113){
if(!(((key11 === "driver") || (key11 === "options")) || (pattern0.test(key11)))){
validate8.errors = [{instancePath:instancePath+"/logging",schemaPath:"#/properties/logging/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs237 === errors){
if(data113.driver !== undefined){
let data114 = data113.driver;
const _errs238 = errors;
if(typeof data114 !== "string"){
validate8.errors = [{instancePath:instancePath+"/logging/driver",schemaPath:"#/properties/logging/properties/driver/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs239 = errors;
if(errors === _errs238){
}
var valid43 = _errs238 === errors;
}
else {
var valid43 = true;
}
if(valid43){
if(data113.options !== undefined){
let data115 = data113.options;
const _errs240 = errors;
const _errs241 = errors;
if(errors === _errs240){
if(data115 && typeof data115 == "object" && !Array.isArray(data115)){
var props1 = {};
var valid44 = true;
for(const key12 in data115){
if(pattern34.test(key12)){
let data116 = data115[key12];
const _errs242 = errors;
if(((typeof data116 !== "string") && (!(typeof data116 == "number"))) && (data116 !== null)){
validate8.errors = [{instancePath:instancePath+"/logging/options/" + key12.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/logging/properties/options/patternProperties/%5E.%2B%24/type",keyword:"type",params:{type: schema4.properties.logging.properties.options.patternProperties["^.+$"].type},message:"must be string,number,null"}];
return false;
}
const _errs243 = errors;
if(errors === _errs242){
}
var valid44 = _errs242 === errors;
if(!valid44){
break;
}
}
}
if(valid44){
}
}
else {
validate8.errors = [{instancePath:instancePath+"/logging/options",schemaPath:"#/properties/logging/properties/options/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs240){
}
}
var valid43 = _errs240 === errors;
}
else {
var valid43 = true;
}
if(valid43){
}
}
}
}
else {
validate8.errors = [{instancePath:instancePath+"/logging",schemaPath:"#/properties/logging/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs235){
}
}
var valid0 = _errs235 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.mac_address !== undefined){
let data117 = data.mac_address;
const _errs244 = errors;
if(typeof data117 !== "string"){
validate8.errors = [{instancePath:instancePath+"/mac_address",schemaPath:"#/properties/mac_address/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs245 = errors;
if(errors === _errs244){
}
var valid0 = _errs244 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.mem_limit !== undefined){
let data118 = data.mem_limit;
const _errs246 = errors;
if((!(typeof data118 == "number")) && (typeof data118 !== "string")){
validate8.errors = [{instancePath:instancePath+"/mem_limit",schemaPath:"#/properties/mem_limit/type",keyword:"type",params:{type: schema4.properties.mem_limit.type},message:"must be number,string"}];
return false;
}
const _errs247 = errors;
if(errors === _errs246){
}
var valid0 = _errs246 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.mem_reservation !== undefined){
let data119 = data.mem_reservation;
const _errs248 = errors;
if((typeof data119 !== "string") && (!((typeof data119 == "number") && (!(data119 % 1) && !isNaN(data119))))){
validate8.errors = [{instancePath:instancePath+"/mem_reservation",schemaPath:"#/properties/mem_reservation/type",keyword:"type",params:{type: schema4.properties.mem_reservation.type},message:"must be string,integer"}];
return false;
}
const _errs249 = errors;
if(errors === _errs248){
}
var valid0 = _errs248 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.mem_swappiness !== undefined){
let data120 = data.mem_swappiness;
const _errs250 = errors;
if((!((typeof data120 == "number") && (!(data120 % 1) && !isNaN(data120)))) && (typeof data120 !== "string")){
validate8.errors = [{instancePath:instancePath+"/mem_swappiness",schemaPath:"#/properties/mem_swappiness/type",keyword:"type",params:{type: schema4.properties.mem_swappiness.type},message:"must be integer,string"}];
return false;
}
const _errs251 = errors;
if(errors === _errs250){
}
var valid0 = _errs250 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.memswap_limit !== undefined){
let data121 = data.memswap_limit;
const _errs252 = errors;
if((!(typeof data121 == "number")) && (typeof data121 !== "string")){
validate8.errors = [{instancePath:instancePath+"/memswap_limit",schemaPath:"#/properties/memswap_limit/type",keyword:"type",params:{type: schema4.properties.memswap_limit.type},message:"must be number,string"}];
return false;
}
const _errs253 = errors;
if(errors === _errs252){
}
var valid0 = _errs252 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.network_mode !== undefined){
let data122 = data.network_mode;
const _errs254 = errors;
if(typeof data122 !== "string"){
validate8.errors = [{instancePath:instancePath+"/network_mode",schemaPath:"#/properties/network_mode/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs255 = errors;
if(errors === _errs254){
}
var valid0 = _errs254 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.models !== undefined){
let data123 = data.models;
const _errs256 = errors;
const _errs257 = errors;
let valid45 = false;
let passing7 = null;
const _errs258 = errors;
if(!(validate3(data123, {instancePath:instancePath+"/models",parentData:data,parentDataProperty:"models",rootData}))){
vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);
errors = vErrors.length;
}
else {
}
var _valid7 = _errs258 === errors;
if(_valid7){
valid45 = true;
passing7 = 0;
}
const _errs259 = errors;
const _errs260 = errors;
if(errors === _errs259){
if(data123 && typeof data123 == "object" && !Array.isArray(data123)){
var props2 = {};
var valid46 = true;
for(const key13 in data123){
if(pattern1.test(key13)){
let data124 = data123[key13];
const _errs261 = errors;
const _errs262 = errors;
if(errors === _errs261){
if(data124 && typeof data124 == "object" && !Array.isArray(data124)){
const _errs263 = errors;
for(const key14 in data124){
if(!(((key14 === "endpoint_var") || (key14 === "model_var")) || (pattern0.test(key14)))){
const err64 = {instancePath:instancePath+"/models/" + key13.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/models/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key14},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
break;
}
}
if(_errs263 === errors){
if(data124.endpoint_var !== undefined){
let data125 = data124.endpoint_var;
const _errs264 = errors;
if(typeof data125 !== "string"){
const err65 = {instancePath:instancePath+"/models/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/endpoint_var",schemaPath:"#/properties/models/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/properties/endpoint_var/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
const _errs265 = errors;
if(errors === _errs264){
}
var valid47 = _errs264 === errors;
}
else {
var valid47 = true;
}
if(valid47){
if(data124.model_var !== undefined){
let data126 = data124.model_var;
const _errs266 = errors;
if(typeof data126 !== "string"){
const err66 = {instancePath:instancePath+"/models/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/model_var",schemaPath:"#/properties/models/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/properties/model_var/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
const _errs267 = errors;
if(errors === _errs266){
}
var valid47 = _errs266 === errors;
}
else {
var valid47 = true;
}
if(valid47){
}
}
}
}
else {
const err67 = {instancePath:instancePath+"/models/" + key13.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/models/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
if(errors === _errs261){
}
}
var valid46 = _errs261 === errors;
if(!valid46){
break;
}
}
}
if(valid46){
}
}
else {
const err68 = {instancePath:instancePath+"/models",schemaPath:"#/properties/models/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
if(errors === _errs259){
}
}
var _valid7 = _errs259 === errors;
if(_valid7 && valid45){
valid45 = false;
passing7 = [passing7, 1];
}
else {
if(_valid7){
valid45 = true;
passing7 = 1;
}
}
if(!valid45){
const err69 = {instancePath:instancePath+"/models",schemaPath:"#/properties/models/oneOf",keyword:"oneOf",params:{passingSchemas: passing7},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
validate8.errors = vErrors;
return false;
}
else {
errors = _errs257;
if(vErrors !== null){
if(_errs257){
vErrors.length = _errs257;
}
else {
vErrors = null;
}
}
}
if(errors === _errs256){
}
var valid0 = _errs256 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.networks !== undefined){
let data127 = data.networks;
const _errs268 = errors;
const _errs269 = errors;
let valid48 = false;
let passing8 = null;
const _errs270 = errors;
if(!(validate3(data127, {instancePath:instancePath+"/networks",parentData:data,parentDataProperty:"networks",rootData}))){
vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);
errors = vErrors.length;
}
else {
}
var _valid8 = _errs270 === errors;
if(_valid8){
valid48 = true;
passing8 = 0;
}
const _errs271 = errors;
const _errs272 = errors;
if(errors === _errs271){
if(data127 && typeof data127 == "object" && !Array.isArray(data127)){
const _errs273 = errors;
for(const key15 in data127){
if(!(pattern1.test(key15))){
const err70 = {instancePath:instancePath+"/networks",schemaPath:"#/properties/networks/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key15},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
break;
}
}
if(_errs273 === errors){
var valid49 = true;
for(const key16 in data127){
if(pattern1.test(key16)){
let data128 = data127[key16];
const _errs274 = errors;
const _errs275 = errors;
let valid50 = false;
let passing9 = null;
const _errs276 = errors;
const _errs277 = errors;
if(errors === _errs276){
if(data128 && typeof data128 == "object" && !Array.isArray(data128)){
const _errs278 = errors;
for(const key17 in data128){
if(!((func0.call(schema4.properties.networks.oneOf[1].patternProperties["^[a-zA-Z0-9._-]+$"].oneOf[0].properties, key17)) || (pattern0.test(key17)))){
const err71 = {instancePath:instancePath+"/networks/" + key16.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/networks/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/oneOf/0/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key17},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
break;
}
}
if(_errs278 === errors){
if(data128.aliases !== undefined){
let data129 = data128.aliases;
const _errs279 = errors;
if(!(validate3(data129, {instancePath:instancePath+"/networks/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/aliases",parentData:data128,parentDataProperty:"aliases",rootData}))){
vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);
errors = vErrors.length;
}
else {
}
var valid51 = _errs279 === errors;
}
else {
var valid51 = true;
}
if(valid51){
if(data128.interface_name !== undefined){
let data130 = data128.interface_name;
const _errs280 = errors;
if(typeof data130 !== "string"){
const err72 = {instancePath:instancePath+"/networks/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/interface_name",schemaPath:"#/properties/networks/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/oneOf/0/properties/interface_name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
const _errs281 = errors;
if(errors === _errs280){
}
var valid51 = _errs280 === errors;
}
else {
var valid51 = true;
}
if(valid51){
if(data128.ipv4_address !== undefined){
let data131 = data128.ipv4_address;
const _errs282 = errors;
if(typeof data131 !== "string"){
const err73 = {instancePath:instancePath+"/networks/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/ipv4_address",schemaPath:"#/properties/networks/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/oneOf/0/properties/ipv4_address/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
const _errs283 = errors;
if(errors === _errs282){
}
var valid51 = _errs282 === errors;
}
else {
var valid51 = true;
}
if(valid51){
if(data128.ipv6_address !== undefined){
let data132 = data128.ipv6_address;
const _errs284 = errors;
if(typeof data132 !== "string"){
const err74 = {instancePath:instancePath+"/networks/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/ipv6_address",schemaPath:"#/properties/networks/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/oneOf/0/properties/ipv6_address/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
const _errs285 = errors;
if(errors === _errs284){
}
var valid51 = _errs284 === errors;
}
else {
var valid51 = true;
}
if(valid51){
if(data128.link_local_ips !== undefined){
let data133 = data128.link_local_ips;
const _errs286 = errors;
if(!(validate3(data133, {instancePath:instancePath+"/networks/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/link_local_ips",parentData:data128,parentDataProperty:"link_local_ips",rootData}))){
vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);
errors = vErrors.length;
}
else {
}
var valid51 = _errs286 === errors;
}
else {
var valid51 = true;
}
if(valid51){
if(data128.mac_address !== undefined){
let data134 = data128.mac_address;
const _errs287 = errors;
if(typeof data134 !== "string"){
const err75 = {instancePath:instancePath+"/networks/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/mac_address",schemaPath:"#/properties/networks/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/oneOf/0/properties/mac_address/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
const _errs288 = errors;
if(errors === _errs287){
}
var valid51 = _errs287 === errors;
}
else {
var valid51 = true;
}
if(valid51){
if(data128.driver_opts !== undefined){
let data135 = data128.driver_opts;
const _errs289 = errors;
const _errs290 = errors;
if(errors === _errs289){
if(data135 && typeof data135 == "object" && !Array.isArray(data135)){
var props3 = {};
var valid52 = true;
for(const key18 in data135){
if(pattern34.test(key18)){
let data136 = data135[key18];
const _errs291 = errors;
if((typeof data136 !== "string") && (!(typeof data136 == "number"))){
const err76 = {instancePath:instancePath+"/networks/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/driver_opts/" + key18.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/networks/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/oneOf/0/properties/driver_opts/patternProperties/%5E.%2B%24/type",keyword:"type",params:{type: schema4.properties.networks.oneOf[1].patternProperties["^[a-zA-Z0-9._-]+$"].oneOf[0].properties.driver_opts.patternProperties["^.+$"].type},message:"must be string,number"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
const _errs292 = errors;
if(errors === _errs291){
}
var valid52 = _errs291 === errors;
if(!valid52){
break;
}
}
}
if(valid52){
}
}
else {
const err77 = {instancePath:instancePath+"/networks/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/driver_opts",schemaPath:"#/properties/networks/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/oneOf/0/properties/driver_opts/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
if(errors === _errs289){
}
}
var valid51 = _errs289 === errors;
}
else {
var valid51 = true;
}
if(valid51){
if(data128.priority !== undefined){
let data137 = data128.priority;
const _errs293 = errors;
if(!(typeof data137 == "number")){
const err78 = {instancePath:instancePath+"/networks/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/priority",schemaPath:"#/properties/networks/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/oneOf/0/properties/priority/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
const _errs294 = errors;
if(errors === _errs293){
}
var valid51 = _errs293 === errors;
}
else {
var valid51 = true;
}
if(valid51){
if(data128.gw_priority !== undefined){
let data138 = data128.gw_priority;
const _errs295 = errors;
if(!(typeof data138 == "number")){
const err79 = {instancePath:instancePath+"/networks/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/gw_priority",schemaPath:"#/properties/networks/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/oneOf/0/properties/gw_priority/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
const _errs296 = errors;
if(errors === _errs295){
}
var valid51 = _errs295 === errors;
}
else {
var valid51 = true;
}
if(valid51){
}
}
}
}
}
}
}
}
}
}
}
else {
const err80 = {instancePath:instancePath+"/networks/" + key16.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/networks/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/oneOf/0/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
if(errors === _errs276){
}
}
var _valid9 = _errs276 === errors;
if(_valid9){
valid50 = true;
passing9 = 0;
}
const _errs297 = errors;
if(data128 !== null){
const err81 = {instancePath:instancePath+"/networks/" + key16.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/networks/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/oneOf/1/type",keyword:"type",params:{type: "null"},message:"must be null"};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
const _errs298 = errors;
if(errors === _errs297){
}
var _valid9 = _errs297 === errors;
if(_valid9 && valid50){
valid50 = false;
passing9 = [passing9, 1];
}
else {
if(_valid9){
valid50 = true;
passing9 = 1;
}
}
if(!valid50){
const err82 = {instancePath:instancePath+"/networks/" + key16.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/networks/oneOf/1/patternProperties/%5E%5Ba-zA-Z0-9._-%5D%2B%24/oneOf",keyword:"oneOf",params:{passingSchemas: passing9},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
else {
errors = _errs275;
if(vErrors !== null){
if(_errs275){
vErrors.length = _errs275;
}
else {
vErrors = null;
}
}
}
if(errors === _errs274){
}
var valid49 = _errs274 === errors;
if(!valid49){
break;
}
}
}
if(valid49){
}
}
}
else {
const err83 = {instancePath:instancePath+"/networks",schemaPath:"#/properties/networks/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
if(errors === _errs271){
}
}
var _valid8 = _errs271 === errors;
if(_valid8 && valid48){
valid48 = false;
passing8 = [passing8, 1];
}
else {
if(_valid8){
valid48 = true;
passing8 = 1;
}
}
if(!valid48){
const err84 = {instancePath:instancePath+"/networks",schemaPath:"#/properties/networks/oneOf",keyword:"oneOf",params:{passingSchemas: passing8},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
validate8.errors = vErrors;
return false;
}
else {
errors = _errs269;
if(vErrors !== null){
if(_errs269){
vErrors.length = _errs269;
}
else {
vErrors = null;
}
}
}
if(errors === _errs268){
}
var valid0 = _errs268 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.oom_kill_disable !== undefined){
let data139 = data.oom_kill_disable;
const _errs299 = errors;
if((typeof data139 !== "boolean") && (typeof data139 !== "string")){
validate8.errors = [{instancePath:instancePath+"/oom_kill_disable",schemaPath:"#/properties/oom_kill_disable/type",keyword:"type",params:{type: schema4.properties.oom_kill_disable.type},message:"must be boolean,string"}];
return false;
}
const _errs300 = errors;
if(errors === _errs299){
}
var valid0 = _errs299 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.oom_score_adj !== undefined){
let data140 = data.oom_score_adj;
const _errs301 = errors;
const _errs302 = errors;
let valid53 = false;
let passing10 = null;
const _errs303 = errors;
if(typeof data140 !== "string"){
const err85 = {instancePath:instancePath+"/oom_score_adj",schemaPath:"#/properties/oom_score_adj/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
const _errs304 = errors;
if(errors === _errs303){
}
var _valid10 = _errs303 === errors;
if(_valid10){
valid53 = true;
passing10 = 0;
}
const _errs305 = errors;
if(!((typeof data140 == "number") && (!(data140 % 1) && !isNaN(data140)))){
const err86 = {instancePath:instancePath+"/oom_score_adj",schemaPath:"#/properties/oom_score_adj/oneOf/1/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
const _errs306 = errors;
if(errors === _errs305){
if(typeof data140 == "number"){
if(data140 > 1000 || isNaN(data140)){
const err87 = {instancePath:instancePath+"/oom_score_adj",schemaPath:"#/properties/oom_score_adj/oneOf/1/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000"};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
else {
if(data140 < -1000 || isNaN(data140)){
const err88 = {instancePath:instancePath+"/oom_score_adj",schemaPath:"#/properties/oom_score_adj/oneOf/1/minimum",keyword:"minimum",params:{comparison: ">=", limit: -1000},message:"must be >= -1000"};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
else {
}
}
}
if(errors === _errs305){
}
}
var _valid10 = _errs305 === errors;
if(_valid10 && valid53){
valid53 = false;
passing10 = [passing10, 1];
}
else {
if(_valid10){
valid53 = true;
passing10 = 1;
}
}
if(!valid53){
const err89 = {instancePath:instancePath+"/oom_score_adj",schemaPath:"#/properties/oom_score_adj/oneOf",keyword:"oneOf",params:{passingSchemas: passing10},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
validate8.errors = vErrors;
return false;
}
else {
errors = _errs302;
if(vErrors !== null){
if(_errs302){
vErrors.length = _errs302;
}
else {
vErrors = null;
}
}
}
if(errors === _errs301){
}
var valid0 = _errs301 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.pid !== undefined){
let data141 = data.pid;
const _errs307 = errors;
if((typeof data141 !== "string") && (data141 !== null)){
validate8.errors = [{instancePath:instancePath+"/pid",schemaPath:"#/properties/pid/type",keyword:"type",params:{type: schema4.properties.pid.type},message:"must be string,null"}];
return false;
}
const _errs308 = errors;
if(errors === _errs307){
}
var valid0 = _errs307 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.pids_limit !== undefined){
let data142 = data.pids_limit;
const _errs309 = errors;
if((!(typeof data142 == "number")) && (typeof data142 !== "string")){
validate8.errors = [{instancePath:instancePath+"/pids_limit",schemaPath:"#/properties/pids_limit/type",keyword:"type",params:{type: schema4.properties.pids_limit.type},message:"must be number,string"}];
return false;
}
const _errs310 = errors;
if(errors === _errs309){
}
var valid0 = _errs309 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.platform !== undefined){
let data143 = data.platform;
const _errs311 = errors;
if(typeof data143 !== "string"){
validate8.errors = [{instancePath:instancePath+"/platform",schemaPath:"#/properties/platform/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs312 = errors;
if(errors === _errs311){
}
var valid0 = _errs311 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.ports !== undefined){
let data144 = data.ports;
const _errs313 = errors;
const _errs314 = errors;
if(errors === _errs313){
if(Array.isArray(data144)){
var valid54 = true;
const len19 = data144.length;
for(let i26=0; i26<len19; i26++){
let data145 = data144[i26];
const _errs315 = errors;
const _errs316 = errors;
let valid55 = false;
let passing11 = null;
const _errs317 = errors;
if(!(typeof data145 == "number")){
const err90 = {instancePath:instancePath+"/ports/" + i26,schemaPath:"#/properties/ports/items/oneOf/0/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
const _errs318 = errors;
if(errors === _errs317){
}
var _valid11 = _errs317 === errors;
if(_valid11){
valid55 = true;
passing11 = 0;
}
const _errs319 = errors;
if(typeof data145 !== "string"){
const err91 = {instancePath:instancePath+"/ports/" + i26,schemaPath:"#/properties/ports/items/oneOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
const _errs320 = errors;
if(errors === _errs319){
}
var _valid11 = _errs319 === errors;
if(_valid11 && valid55){
valid55 = false;
passing11 = [passing11, 1];
}
else {
if(_valid11){
valid55 = true;
passing11 = 1;
}
const _errs321 = errors;
const _errs322 = errors;
if(errors === _errs321){
if(data145 && typeof data145 == "object" && !Array.isArray(data145)){
const _errs323 = errors;
for(const key19 in data145){
if(!((((((((key19 === "name") || (key19 === "mode")) || (key19 === "host_ip")) || (key19 === "target")) || (key19 === "published")) || (key19 === "protocol")) || (key19 === "app_protocol")) || (pattern0.test(key19)))){
const err92 = {instancePath:instancePath+"/ports/" + i26,schemaPath:"#/properties/ports/items/oneOf/2/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key19},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
break;
}
}
if(_errs323 === errors){
if(data145.name !== undefined){
let data146 = data145.name;
const _errs324 = errors;
if(typeof data146 !== "string"){
const err93 = {instancePath:instancePath+"/ports/" + i26+"/name",schemaPath:"#/properties/ports/items/oneOf/2/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
const _errs325 = errors;
if(errors === _errs324){
}
var valid56 = _errs324 === errors;
}
else {
var valid56 = true;
}
if(valid56){
if(data145.mode !== undefined){
let data147 = data145.mode;
const _errs326 = errors;
if(typeof data147 !== "string"){
const err94 = {instancePath:instancePath+"/ports/" + i26+"/mode",schemaPath:"#/properties/ports/items/oneOf/2/properties/mode/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
const _errs327 = errors;
if(errors === _errs326){
}
var valid56 = _errs326 === errors;
}
else {
var valid56 = true;
}
if(valid56){
if(data145.host_ip !== undefined){
let data148 = data145.host_ip;
const _errs328 = errors;
if(typeof data148 !== "string"){
const err95 = {instancePath:instancePath+"/ports/" + i26+"/host_ip",schemaPath:"#/properties/ports/items/oneOf/2/properties/host_ip/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
const _errs329 = errors;
if(errors === _errs328){
}
var valid56 = _errs328 === errors;
}
else {
var valid56 = true;
}
if(valid56){
if(data145.target !== undefined){
let data149 = data145.target;
const _errs330 = errors;
if((!((typeof data149 == "number") && (!(data149 % 1) && !isNaN(data149)))) && (typeof data149 !== "string")){
const err96 = {instancePath:instancePath+"/ports/" + i26+"/target",schemaPath:"#/properties/ports/items/oneOf/2/properties/target/type",keyword:"type",params:{type: schema4.properties.ports.items.oneOf[2].properties.target.type},message:"must be integer,string"};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
const _errs331 = errors;
if(errors === _errs330){
}
var valid56 = _errs330 === errors;
}
else {
var valid56 = true;
}
if(valid56){
if(data145.published !== undefined){
let data150 = data145.published;
const _errs332 = errors;
if((typeof data150 !== "string") && (!((typeof data150 == "number") && (!(data150 % 1) && !isNaN(data150))))){
const err97 = {instancePath:instancePath+"/ports/" + i26+"/published",schemaPath:"#/properties/ports/items/oneOf/2/properties/published/type",keyword:"type",params:{type: schema4.properties.ports.items.oneOf[2].properties.published.type},message:"must be string,integer"};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
const _errs333 = errors;
if(errors === _errs332){
}
var valid56 = _errs332 === errors;
}
else {
var valid56 = true;
}
if(valid56){
if(data145.protocol !== undefined){
let data151 = data145.protocol;
const _errs334 = errors;
if(typeof data151 !== "string"){
const err98 = {instancePath:instancePath+"/ports/" + i26+"/protocol",schemaPath:"#/properties/ports/items/oneOf/2/properties/protocol/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
const _errs335 = errors;
if(errors === _errs334){
}
var valid56 = _errs334 === errors;
}
else {
var valid56 = true;
}
if(valid56){
if(data145.app_protocol !== undefined){
let data152 = data145.app_protocol;
const _errs336 = errors;
if(typeof data152 !== "string"){
const err99 = {instancePath:instancePath+"/ports/" + i26+"/app_protocol",schemaPath:"#/properties/ports/items/oneOf/2/properties/app_protocol/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
const _errs337 = errors;
if(errors === _errs336){
}
var valid56 = _errs336 === errors;
}
else {
var valid56 = true;
}
if(valid56){
}
}
}
}
}
}
}
}
}
else {
const err100 = {instancePath:instancePath+"/ports/" + i26,schemaPath:"#/properties/ports/items/oneOf/2/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
if(errors === _errs321){
}
}
var _valid11 = _errs321 === errors;
if(_valid11 && valid55){
valid55 = false;
passing11 = [passing11, 2];
}
else {
if(_valid11){
valid55 = true;
passing11 = 2;
}
}
}
if(!valid55){
const err101 = {instancePath:instancePath+"/ports/" + i26,schemaPath:"#/properties/ports/items/oneOf",keyword:"oneOf",params:{passingSchemas: passing11},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
validate8.errors = vErrors;
return false;
}
else {
errors = _errs316;
if(vErrors !== null){
if(_errs316){
vErrors.length = _errs316;
}
else {
vErrors = null;
}
}
}
if(errors === _errs315){
}
var valid54 = _errs315 === errors;
if(!valid54){
break;
}
}
if(valid54){
let valid57;
let i27 = data144.length;
let j7;
valid57 = true;
if(i27 > 1){
outer0:
for(;i27--;){
for(j7 = i27; j7--;){
if(func5(data144[i27], data144[j7])){
validate8.errors = [{instancePath:instancePath+"/ports",schemaPath:"#/properties/ports/uniqueItems",keyword:"uniqueItems",params:{i: i27, j: j7},message:"must NOT have duplicate items (items ## "+j7+" and "+i27+" are identical)"}];
return false;
valid57 = false;
break outer0;
}
}
}
}
if(valid57){
}
}
}
else {
validate8.errors = [{instancePath:instancePath+"/ports",schemaPath:"#/properties/ports/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs313){
}
}
var valid0 = _errs313 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.post_start !== undefined){
let data153 = data.post_start;
const _errs338 = errors;
const _errs339 = errors;
if(errors === _errs338){
if(Array.isArray(data153)){
var valid58 = true;
const len20 = data153.length;
for(let i28=0; i28<len20; i28++){
let data154 = data153[i28];
const _errs340 = errors;
if(!(validate12(data154, {instancePath:instancePath+"/post_start/" + i28,parentData:data153,parentDataProperty:i28,rootData}))){
vErrors = vErrors === null ? validate12.errors : vErrors.concat(validate12.errors);
errors = vErrors.length;
}
else {
}
var valid58 = _errs340 === errors;
if(!valid58){
break;
}
}
if(valid58){
}
}
else {
validate8.errors = [{instancePath:instancePath+"/post_start",schemaPath:"#/properties/post_start/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs338){
}
}
var valid0 = _errs338 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.pre_stop !== undefined){
let data155 = data.pre_stop;
const _errs341 = errors;
const _errs342 = errors;
if(errors === _errs341){
if(Array.isArray(data155)){
var valid59 = true;
const len21 = data155.length;
for(let i29=0; i29<len21; i29++){
let data156 = data155[i29];
const _errs343 = errors;
if(!(validate12(data156, {instancePath:instancePath+"/pre_stop/" + i29,parentData:data155,parentDataProperty:i29,rootData}))){
vErrors = vErrors === null ? validate12.errors : vErrors.concat(validate12.errors);
errors = vErrors.length;
}
else {
}
var valid59 = _errs343 === errors;
if(!valid59){
break;
}
}
if(valid59){
}
}
else {
validate8.errors = [{instancePath:instancePath+"/pre_stop",schemaPath:"#/properties/pre_stop/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs341){
}
}
var valid0 = _errs341 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.privileged !== undefined){
let data157 = data.privileged;
const _errs344 = errors;
if((typeof data157 !== "boolean") && (typeof data157 !== "string")){
validate8.errors = [{instancePath:instancePath+"/privileged",schemaPath:"#/properties/privileged/type",keyword:"type",params:{type: schema4.properties.privileged.type},message:"must be boolean,string"}];
return false;
}
const _errs345 = errors;
if(errors === _errs344){
}
var valid0 = _errs344 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.profiles !== undefined){
let data158 = data.profiles;
const _errs346 = errors;
if(!(validate3(data158, {instancePath:instancePath+"/profiles",parentData:data,parentDataProperty:"profiles",rootData}))){
vErrors = vErrors === null ? validate3.errors : vErrors.concat(validate3.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs346 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.pull_policy !== undefined){
let data159 = data.pull_policy;
const _errs347 = errors;
const _errs348 = errors;
if(errors === _errs347){
if(typeof data159 === "string"){
if(!pattern46.test(data159)){
validate8.errors = [{instancePath:instancePath+"/pull_policy",schemaPath:"#/properties/pull_policy/pattern",keyword:"pattern",params:{pattern: "always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+"},message:"must match pattern \""+"always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+"+"\""}];
return false;
}
else {
}
}
else {
validate8.errors = [{instancePath:instancePath+"/pull_policy",schemaPath:"#/properties/pull_policy/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
if(errors === _errs347){
}
}
var valid0 = _errs347 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.pull_refresh_after !== undefined){
let data160 = data.pull_refresh_after;
const _errs349 = errors;
if(typeof data160 !== "string"){
validate8.errors = [{instancePath:instancePath+"/pull_refresh_after",schemaPath:"#/properties/pull_refresh_after/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs350 = errors;
if(errors === _errs349){
}
var valid0 = _errs349 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.read_only !== undefined){
let data161 = data.read_only;
const _errs351 = errors;
if((typeof data161 !== "boolean") && (typeof data161 !== "string")){
validate8.errors = [{instancePath:instancePath+"/read_only",schemaPath:"#/properties/read_only/type",keyword:"type",params:{type: schema4.properties.read_only.type},message:"must be boolean,string"}];
return false;
}
const _errs352 = errors;
if(errors === _errs351){
}
var valid0 = _errs351 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.restart !== undefined){
let data162 = data.restart;
const _errs353 = errors;
if(typeof data162 !== "string"){
validate8.errors = [{instancePath:instancePath+"/restart",schemaPath:"#/properties/restart/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs354 = errors;
if(errors === _errs353){
}
var valid0 = _errs353 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.runtime !== undefined){
let data163 = data.runtime;
const _errs355 = errors;
if(typeof data163 !== "string"){
validate8.errors = [{instancePath:instancePath+"/runtime",schemaPath:"#/properties/runtime/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs356 = errors;
if(errors === _errs355){
}
var valid0 = _errs355 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.scale !== undefined){
let data164 = data.scale;
const _errs357 = errors;
if((!((typeof data164 == "number") && (!(data164 % 1) && !isNaN(data164)))) && (typeof data164 !== "string")){
validate8.errors = [{instancePath:instancePath+"/scale",schemaPath:"#/properties/scale/type",keyword:"type",params:{type: schema4.properties.scale.type},message:"must be integer,string"}];
return false;
}
const _errs358 = errors;
if(errors === _errs357){
}
var valid0 = _errs357 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.security_opt !== undefined){
let data165 = data.security_opt;
const _errs359 = errors;
const _errs360 = errors;
if(errors === _errs359){
if(Array.isArray(data165)){
var valid60 = true;
const len22 = data165.length;
for(let i30=0; i30<len22; i30++){
let data166 = data165[i30];
const _errs361 = errors;
if(typeof data166 !== "string"){
validate8.errors = [{instancePath:instancePath+"/security_opt/" + i30,schemaPath:"#/properties/security_opt/items/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs362 = errors;
if(errors === _errs361){
}
var valid60 = _errs361 === errors;
if(!valid60){
break;
}
}
if(valid60){
let valid61;
let i31 = data165.length;
let j8;
valid61 = true;
if(i31 > 1){
const indices7 = {};
for(;i31--;){
let item7 = data165[i31];
if(typeof item7 !== "string"){
continue;
}
if(typeof indices7[item7] == "number"){
j8 = indices7[item7];
validate8.errors = [{instancePath:instancePath+"/security_opt",schemaPath:"#/properties/security_opt/uniqueItems",keyword:"uniqueItems",params:{i: i31, j: j8},message:"must NOT have duplicate items (items ## "+j8+" and "+i31+" are identical)"}];
return false;
valid61 = false;
break;
}
indices7[item7] = i31;
}
}
if(valid61){
}
}
}
else {
validate8.errors = [{instancePath:instancePath+"/security_opt",schemaPath:"#/properties/security_opt/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs359){
}
}
var valid0 = _errs359 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.shm_size !== undefined){
let data167 = data.shm_size;
const _errs363 = errors;
if((!(typeof data167 == "number")) && (typeof data167 !== "string")){
validate8.errors = [{instancePath:instancePath+"/shm_size",schemaPath:"#/properties/shm_size/type",keyword:"type",params:{type: schema4.properties.shm_size.type},message:"must be number,string"}];
return false;
}
const _errs364 = errors;
if(errors === _errs363){
}
var valid0 = _errs363 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.secrets !== undefined){
let data168 = data.secrets;
const _errs365 = errors;
if(!(validate36(data168, {instancePath:instancePath+"/secrets",parentData:data,parentDataProperty:"secrets",rootData}))){
vErrors = vErrors === null ? validate36.errors : vErrors.concat(validate36.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs365 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.sysctls !== undefined){
let data169 = data.sysctls;
const _errs366 = errors;
if(!(validate15(data169, {instancePath:instancePath+"/sysctls",parentData:data,parentDataProperty:"sysctls",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs366 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.stdin_open !== undefined){
let data170 = data.stdin_open;
const _errs367 = errors;
if((typeof data170 !== "boolean") && (typeof data170 !== "string")){
validate8.errors = [{instancePath:instancePath+"/stdin_open",schemaPath:"#/properties/stdin_open/type",keyword:"type",params:{type: schema4.properties.stdin_open.type},message:"must be boolean,string"}];
return false;
}
const _errs368 = errors;
if(errors === _errs367){
}
var valid0 = _errs367 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.stop_grace_period !== undefined){
let data171 = data.stop_grace_period;
const _errs369 = errors;
if(typeof data171 !== "string"){
validate8.errors = [{instancePath:instancePath+"/stop_grace_period",schemaPath:"#/properties/stop_grace_period/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs370 = errors;
if(errors === _errs369){
}
var valid0 = _errs369 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.stop_signal !== undefined){
let data172 = data.stop_signal;
const _errs371 = errors;
if(typeof data172 !== "string"){
validate8.errors = [{instancePath:instancePath+"/stop_signal",schemaPath:"#/properties/stop_signal/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs372 = errors;
if(errors === _errs371){
}
var valid0 = _errs371 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.storage_opt !== undefined){
let data173 = data.storage_opt;
const _errs373 = errors;
if(!(data173 && typeof data173 == "object" && !Array.isArray(data173))){
validate8.errors = [{instancePath:instancePath+"/storage_opt",schemaPath:"#/properties/storage_opt/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
const _errs374 = errors;
if(errors === _errs373){
}
var valid0 = _errs373 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.tmpfs !== undefined){
let data174 = data.tmpfs;
const _errs375 = errors;
if(!(validate2(data174, {instancePath:instancePath+"/tmpfs",parentData:data,parentDataProperty:"tmpfs",rootData}))){
vErrors = vErrors === null ? validate2.errors : vErrors.concat(validate2.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs375 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.tty !== undefined){
let data175 = data.tty;
const _errs376 = errors;
if((typeof data175 !== "boolean") && (typeof data175 !== "string")){
validate8.errors = [{instancePath:instancePath+"/tty",schemaPath:"#/properties/tty/type",keyword:"type",params:{type: schema4.properties.tty.type},message:"must be boolean,string"}];
return false;
}
const _errs377 = errors;
if(errors === _errs376){
}
var valid0 = _errs376 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.ulimits !== undefined){
let data176 = data.ulimits;
const _errs378 = errors;
if(!(validate38(data176, {instancePath:instancePath+"/ulimits",parentData:data,parentDataProperty:"ulimits",rootData}))){
vErrors = vErrors === null ? validate38.errors : vErrors.concat(validate38.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs378 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.use_api_socket !== undefined){
let data177 = data.use_api_socket;
const _errs379 = errors;
if(typeof data177 !== "boolean"){
validate8.errors = [{instancePath:instancePath+"/use_api_socket",schemaPath:"#/properties/use_api_socket/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"}];
return false;
}
const _errs380 = errors;
if(errors === _errs379){
}
var valid0 = _errs379 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.user !== undefined){
let data178 = data.user;
const _errs381 = errors;
if(typeof data178 !== "string"){
validate8.errors = [{instancePath:instancePath+"/user",schemaPath:"#/properties/user/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs382 = errors;
if(errors === _errs381){
}
var valid0 = _errs381 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.uts !== undefined){
let data179 = data.uts;
const _errs383 = errors;
if(typeof data179 !== "string"){
validate8.errors = [{instancePath:instancePath+"/uts",schemaPath:"#/properties/uts/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs384 = errors;
if(errors === _errs383){
}
var valid0 = _errs383 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.userns_mode !== undefined){
let data180 = data.userns_mode;
const _errs385 = errors;
if(typeof data180 !== "string"){
validate8.errors = [{instancePath:instancePath+"/userns_mode",schemaPath:"#/properties/userns_mode/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs386 = errors;
if(errors === _errs385){
}
var valid0 = _errs385 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.volumes !== undefined){
let data181 = data.volumes;
const _errs387 = errors;
const _errs388 = errors;
if(errors === _errs387){
if(Array.isArray(data181)){
var valid62 = true;
const len23 = data181.length;
for(let i32=0; i32<len23; i32++){
let data182 = data181[i32];
const _errs389 = errors;
const _errs390 = errors;
let valid63 = false;
let passing12 = null;
const _errs391 = errors;
if(typeof data182 !== "string"){
const err102 = {instancePath:instancePath+"/volumes/" + i32,schemaPath:"#/properties/volumes/items/oneOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
const _errs392 = errors;
if(errors === _errs391){
}
var _valid12 = _errs391 === errors;
if(_valid12){
valid63 = true;
passing12 = 0;
}
const _errs393 = errors;
const _errs394 = errors;
if(errors === _errs393){
if(data182 && typeof data182 == "object" && !Array.isArray(data182)){
let missing4;
if((data182.type === undefined) && (missing4 = "type")){
const err103 = {instancePath:instancePath+"/volumes/" + i32,schemaPath:"#/properties/volumes/items/oneOf/1/required",keyword:"required",params:{missingProperty: missing4},message:"must have required property '"+missing4+"'"};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
else {
const _errs395 = errors;
for(const key20 in data182){
if(!((func0.call(schema4.properties.volumes.items.oneOf[1].properties, key20)) || (pattern0.test(key20)))){
const err104 = {instancePath:instancePath+"/volumes/" + i32,schemaPath:"#/properties/volumes/items/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key20},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
break;
}
}
if(_errs395 === errors){
if(data182.type !== undefined){
let data183 = data182.type;
const _errs396 = errors;
if(typeof data183 !== "string"){
const err105 = {instancePath:instancePath+"/volumes/" + i32+"/type",schemaPath:"#/properties/volumes/items/oneOf/1/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
const _errs397 = errors;
const vSchema2 = schema4.properties.volumes.items.oneOf[1].properties.type.enum;
if(!((((((data183 === "bind") || (data183 === "volume")) || (data183 === "tmpfs")) || (data183 === "cluster")) || (data183 === "npipe")) || (data183 === "image"))){
const err106 = {instancePath:instancePath+"/volumes/" + i32+"/type",schemaPath:"#/properties/volumes/items/oneOf/1/properties/type/enum",keyword:"enum",params:{allowedValues: schema4.properties.volumes.items.oneOf[1].properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
else {
}
if(errors === _errs396){
}
var valid64 = _errs396 === errors;
}
else {
var valid64 = true;
}
if(valid64){
if(data182.source !== undefined){
let data184 = data182.source;
const _errs398 = errors;
if(typeof data184 !== "string"){
const err107 = {instancePath:instancePath+"/volumes/" + i32+"/source",schemaPath:"#/properties/volumes/items/oneOf/1/properties/source/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
const _errs399 = errors;
if(errors === _errs398){
}
var valid64 = _errs398 === errors;
}
else {
var valid64 = true;
}
if(valid64){
if(data182.target !== undefined){
let data185 = data182.target;
const _errs400 = errors;
if(typeof data185 !== "string"){
const err108 = {instancePath:instancePath+"/volumes/" + i32+"/target",schemaPath:"#/properties/volumes/items/oneOf/1/properties/target/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
const _errs401 = errors;
if(errors === _errs400){
}
var valid64 = _errs400 === errors;
}
else {
var valid64 = true;
}
if(valid64){
if(data182.read_only !== undefined){
let data186 = data182.read_only;
const _errs402 = errors;
if((typeof data186 !== "boolean") && (typeof data186 !== "string")){
const err109 = {instancePath:instancePath+"/volumes/" + i32+"/read_only",schemaPath:"#/properties/volumes/items/oneOf/1/properties/read_only/type",keyword:"type",params:{type: schema4.properties.volumes.items.oneOf[1].properties.read_only.type},message:"must be boolean,string"};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
const _errs403 = errors;
if(errors === _errs402){
}
var valid64 = _errs402 === errors;
}
else {
var valid64 = true;
}
if(valid64){
if(data182.consistency !== undefined){
let data187 = data182.consistency;
const _errs404 = errors;
if(typeof data187 !== "string"){
const err110 = {instancePath:instancePath+"/volumes/" + i32+"/consistency",schemaPath:"#/properties/volumes/items/oneOf/1/properties/consistency/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
const _errs405 = errors;
if(errors === _errs404){
}
var valid64 = _errs404 === errors;
}
else {
var valid64 = true;
}
if(valid64){
if(data182.bind !== undefined){
let data188 = data182.bind;
const _errs406 = errors;
const _errs407 = errors;
if(errors === _errs406){
if(data188 && typeof data188 == "object" && !Array.isArray(data188)){
const _errs408 = errors;
for(const key21 in data188){
if(!(((((key21 === "propagation") || (key21 === "create_host_path")) || (key21 === "recursive")) || (key21 === "selinux")) || (pattern0.test(key21)))){
const err111 = {instancePath:instancePath+"/volumes/" + i32+"/bind",schemaPath:"#/properties/volumes/items/oneOf/1/properties/bind/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key21},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
break;
}
}
if(_errs408 === errors){
if(data188.propagation !== undefined){
let data189 = data188.propagation;
const _errs409 = errors;
if(typeof data189 !== "string"){
const err112 = {instancePath:instancePath+"/volumes/" + i32+"/bind/propagation",schemaPath:"#/properties/volumes/items/oneOf/1/properties/bind/properties/propagation/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
const _errs410 = errors;
if(errors === _errs409){
}
var valid65 = _errs409 === errors;
}
else {
var valid65 = true;
}
if(valid65){
if(data188.create_host_path !== undefined){
let data190 = data188.create_host_path;
const _errs411 = errors;
if((typeof data190 !== "boolean") && (typeof data190 !== "string")){
const err113 = {instancePath:instancePath+"/volumes/" + i32+"/bind/create_host_path",schemaPath:"#/properties/volumes/items/oneOf/1/properties/bind/properties/create_host_path/type",keyword:"type",params:{type: schema4.properties.volumes.items.oneOf[1].properties.bind.properties.create_host_path.type},message:"must be boolean,string"};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
const _errs412 = errors;
if(errors === _errs411){
}
var valid65 = _errs411 === errors;
}
else {
var valid65 = true;
}
if(valid65){
if(data188.recursive !== undefined){
let data191 = data188.recursive;
const _errs413 = errors;
if(typeof data191 !== "string"){
const err114 = {instancePath:instancePath+"/volumes/" + i32+"/bind/recursive",schemaPath:"#/properties/volumes/items/oneOf/1/properties/bind/properties/recursive/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
const _errs414 = errors;
const vSchema3 = schema4.properties.volumes.items.oneOf[1].properties.bind.properties.recursive.enum;
if(!((((data191 === "enabled") || (data191 === "disabled")) || (data191 === "writable")) || (data191 === "readonly"))){
const err115 = {instancePath:instancePath+"/volumes/" + i32+"/bind/recursive",schemaPath:"#/properties/volumes/items/oneOf/1/properties/bind/properties/recursive/enum",keyword:"enum",params:{allowedValues: schema4.properties.volumes.items.oneOf[1].properties.bind.properties.recursive.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
else {
}
if(errors === _errs413){
}
var valid65 = _errs413 === errors;
}
else {
var valid65 = true;
}
if(valid65){
if(data188.selinux !== undefined){
let data192 = data188.selinux;
const _errs415 = errors;
if(typeof data192 !== "string"){
const err116 = {instancePath:instancePath+"/volumes/" + i32+"/bind/selinux",schemaPath:"#/properties/volumes/items/oneOf/1/properties/bind/properties/selinux/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
const _errs416 = errors;
const vSchema4 = schema4.properties.volumes.items.oneOf[1].properties.bind.properties.selinux.enum;
if(!((data192 === "z") || (data192 === "Z"))){
const err117 = {instancePath:instancePath+"/volumes/" + i32+"/bind/selinux",schemaPath:"#/properties/volumes/items/oneOf/1/properties/bind/properties/selinux/enum",keyword:"enum",params:{allowedValues: schema4.properties.volumes.items.oneOf[1].properties.bind.properties.selinux.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
else {
}
if(errors === _errs415){
}
var valid65 = _errs415 === errors;
}
else {
var valid65 = true;
}
if(valid65){
}
}
}
}
}
}
else {
const err118 = {instancePath:instancePath+"/volumes/" + i32+"/bind",schemaPath:"#/properties/volumes/items/oneOf/1/properties/bind/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
if(errors === _errs406){
}
}
var valid64 = _errs406 === errors;
}
else {
var valid64 = true;
}
if(valid64){
if(data182.volume !== undefined){
let data193 = data182.volume;
const _errs417 = errors;
const _errs418 = errors;
if(errors === _errs417){
if(data193 && typeof data193 == "object" && !Array.isArray(data193)){
const _errs419 = errors;
for(const key22 in data193){
if(!((((key22 === "labels") || (key22 === "nocopy")) || (key22 === "subpath")) || (pattern0.test(key22)))){
const err119 = {instancePath:instancePath+"/volumes/" + i32+"/volume",schemaPath:"#/properties/volumes/items/oneOf/1/properties/volume/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key22},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
break;
}
}
if(_errs419 === errors){
if(data193.labels !== undefined){
let data194 = data193.labels;
const _errs420 = errors;
if(!(validate15(data194, {instancePath:instancePath+"/volumes/" + i32+"/volume/labels",parentData:data193,parentDataProperty:"labels",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid66 = _errs420 === errors;
}
else {
var valid66 = true;
}
if(valid66){
if(data193.nocopy !== undefined){
let data195 = data193.nocopy;
const _errs421 = errors;
if((typeof data195 !== "boolean") && (typeof data195 !== "string")){
const err120 = {instancePath:instancePath+"/volumes/" + i32+"/volume/nocopy",schemaPath:"#/properties/volumes/items/oneOf/1/properties/volume/properties/nocopy/type",keyword:"type",params:{type: schema4.properties.volumes.items.oneOf[1].properties.volume.properties.nocopy.type},message:"must be boolean,string"};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
const _errs422 = errors;
if(errors === _errs421){
}
var valid66 = _errs421 === errors;
}
else {
var valid66 = true;
}
if(valid66){
if(data193.subpath !== undefined){
let data196 = data193.subpath;
const _errs423 = errors;
if(typeof data196 !== "string"){
const err121 = {instancePath:instancePath+"/volumes/" + i32+"/volume/subpath",schemaPath:"#/properties/volumes/items/oneOf/1/properties/volume/properties/subpath/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
const _errs424 = errors;
if(errors === _errs423){
}
var valid66 = _errs423 === errors;
}
else {
var valid66 = true;
}
if(valid66){
}
}
}
}
}
else {
const err122 = {instancePath:instancePath+"/volumes/" + i32+"/volume",schemaPath:"#/properties/volumes/items/oneOf/1/properties/volume/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
if(errors === _errs417){
}
}
var valid64 = _errs417 === errors;
}
else {
var valid64 = true;
}
if(valid64){
if(data182.tmpfs !== undefined){
let data197 = data182.tmpfs;
const _errs425 = errors;
const _errs426 = errors;
if(errors === _errs425){
if(data197 && typeof data197 == "object" && !Array.isArray(data197)){
const _errs427 = errors;
for(const key23 in data197){
if(!(((key23 === "size") || (key23 === "mode")) || (pattern0.test(key23)))){
const err123 = {instancePath:instancePath+"/volumes/" + i32+"/tmpfs",schemaPath:"#/properties/volumes/items/oneOf/1/properties/tmpfs/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key23},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
break;
}
}
if(_errs427 === errors){
if(data197.size !== undefined){
let data198 = data197.size;
const _errs428 = errors;
const _errs429 = errors;
let valid68 = false;
let passing13 = null;
const _errs430 = errors;
if(!((typeof data198 == "number") && (!(data198 % 1) && !isNaN(data198)))){
const err124 = {instancePath:instancePath+"/volumes/" + i32+"/tmpfs/size",schemaPath:"#/properties/volumes/items/oneOf/1/properties/tmpfs/properties/size/oneOf/0/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
const _errs431 = errors;
if(errors === _errs430){
if(typeof data198 == "number"){
if(data198 < 0 || isNaN(data198)){
const err125 = {instancePath:instancePath+"/volumes/" + i32+"/tmpfs/size",schemaPath:"#/properties/volumes/items/oneOf/1/properties/tmpfs/properties/size/oneOf/0/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
else {
}
}
if(errors === _errs430){
}
}
var _valid13 = _errs430 === errors;
if(_valid13){
valid68 = true;
passing13 = 0;
}
const _errs432 = errors;
if(typeof data198 !== "string"){
const err126 = {instancePath:instancePath+"/volumes/" + i32+"/tmpfs/size",schemaPath:"#/properties/volumes/items/oneOf/1/properties/tmpfs/properties/size/oneOf/1/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
const _errs433 = errors;
if(errors === _errs432){
}
var _valid13 = _errs432 === errors;
if(_valid13 && valid68){
valid68 = false;
passing13 = [passing13, 1];
}
else {
if(_valid13){
valid68 = true;
passing13 = 1;
}
}
if(!valid68){
const err127 = {instancePath:instancePath+"/volumes/" + i32+"/tmpfs/size",schemaPath:"#/properties/volumes/items/oneOf/1/properties/tmpfs/properties/size/oneOf",keyword:"oneOf",params:{passingSchemas: passing13},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
else {
errors = _errs429;
if(vErrors !== null){
if(_errs429){
vErrors.length = _errs429;
}
else {
vErrors = null;
}
}
}
if(errors === _errs428){
}
var valid67 = _errs428 === errors;
}
else {
var valid67 = true;
}
if(valid67){
if(data197.mode !== undefined){
let data199 = data197.mode;
const _errs434 = errors;
if((!(typeof data199 == "number")) && (typeof data199 !== "string")){
const err128 = {instancePath:instancePath+"/volumes/" + i32+"/tmpfs/mode",schemaPath:"#/properties/volumes/items/oneOf/1/properties/tmpfs/properties/mode/type",keyword:"type",params:{type: schema4.properties.volumes.items.oneOf[1].properties.tmpfs.properties.mode.type},message:"must be number,string"};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
const _errs435 = errors;
if(errors === _errs434){
}
var valid67 = _errs434 === errors;
}
else {
var valid67 = true;
}
if(valid67){
}
}
}
}
else {
const err129 = {instancePath:instancePath+"/volumes/" + i32+"/tmpfs",schemaPath:"#/properties/volumes/items/oneOf/1/properties/tmpfs/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
if(errors === _errs425){
}
}
var valid64 = _errs425 === errors;
}
else {
var valid64 = true;
}
if(valid64){
if(data182.image !== undefined){
let data200 = data182.image;
const _errs436 = errors;
const _errs437 = errors;
if(errors === _errs436){
if(data200 && typeof data200 == "object" && !Array.isArray(data200)){
const _errs438 = errors;
for(const key24 in data200){
if(!((key24 === "subpath") || (pattern0.test(key24)))){
const err130 = {instancePath:instancePath+"/volumes/" + i32+"/image",schemaPath:"#/properties/volumes/items/oneOf/1/properties/image/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key24},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
break;
}
}
if(_errs438 === errors){
if(data200.subpath !== undefined){
let data201 = data200.subpath;
const _errs439 = errors;
if(typeof data201 !== "string"){
const err131 = {instancePath:instancePath+"/volumes/" + i32+"/image/subpath",schemaPath:"#/properties/volumes/items/oneOf/1/properties/image/properties/subpath/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
const _errs440 = errors;
if(errors === _errs439){
}
var valid69 = _errs439 === errors;
}
else {
var valid69 = true;
}
if(valid69){
}
}
}
else {
const err132 = {instancePath:instancePath+"/volumes/" + i32+"/image",schemaPath:"#/properties/volumes/items/oneOf/1/properties/image/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
if(errors === _errs436){
}
}
var valid64 = _errs436 === errors;
}
else {
var valid64 = true;
}
if(valid64){
}
}
}
}
}
}
}
}
}
}
}
}
else {
const err133 = {instancePath:instancePath+"/volumes/" + i32,schemaPath:"#/properties/volumes/items/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
if(errors === _errs393){
}
}
var _valid12 = _errs393 === errors;
if(_valid12 && valid63){
valid63 = false;
passing12 = [passing12, 1];
}
else {
if(_valid12){
valid63 = true;
passing12 = 1;
}
}
if(!valid63){
const err134 = {instancePath:instancePath+"/volumes/" + i32,schemaPath:"#/properties/volumes/items/oneOf",keyword:"oneOf",params:{passingSchemas: passing12},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
validate8.errors = vErrors;
return false;
}
else {
errors = _errs390;
if(vErrors !== null){
if(_errs390){
vErrors.length = _errs390;
}
else {
vErrors = null;
}
}
}
if(errors === _errs389){
}
var valid62 = _errs389 === errors;
if(!valid62){
break;
}
}
if(valid62){
let valid70;
let i33 = data181.length;
let j9;
valid70 = true;
if(i33 > 1){
outer1:
for(;i33--;){
for(j9 = i33; j9--;){
if(func5(data181[i33], data181[j9])){
validate8.errors = [{instancePath:instancePath+"/volumes",schemaPath:"#/properties/volumes/uniqueItems",keyword:"uniqueItems",params:{i: i33, j: j9},message:"must NOT have duplicate items (items ## "+j9+" and "+i33+" are identical)"}];
return false;
valid70 = false;
break outer1;
}
}
}
}
if(valid70){
}
}
}
else {
validate8.errors = [{instancePath:instancePath+"/volumes",schemaPath:"#/properties/volumes/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs387){
}
}
var valid0 = _errs387 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.volumes_from !== undefined){
let data202 = data.volumes_from;
const _errs441 = errors;
const _errs442 = errors;
if(errors === _errs441){
if(Array.isArray(data202)){
var valid71 = true;
const len24 = data202.length;
for(let i34=0; i34<len24; i34++){
let data203 = data202[i34];
const _errs443 = errors;
if(typeof data203 !== "string"){
validate8.errors = [{instancePath:instancePath+"/volumes_from/" + i34,schemaPath:"#/properties/volumes_from/items/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs444 = errors;
if(errors === _errs443){
}
var valid71 = _errs443 === errors;
if(!valid71){
break;
}
}
if(valid71){
let valid72;
let i35 = data202.length;
let j10;
valid72 = true;
if(i35 > 1){
const indices8 = {};
for(;i35--;){
let item8 = data202[i35];
if(typeof item8 !== "string"){
continue;
}
if(typeof indices8[item8] == "number"){
j10 = indices8[item8];
validate8.errors = [{instancePath:instancePath+"/volumes_from",schemaPath:"#/properties/volumes_from/uniqueItems",keyword:"uniqueItems",params:{i: i35, j: j10},message:"must NOT have duplicate items (items ## "+j10+" and "+i35+" are identical)"}];
return false;
valid72 = false;
break;
}
indices8[item8] = i35;
}
}
if(valid72){
}
}
}
else {
validate8.errors = [{instancePath:instancePath+"/volumes_from",schemaPath:"#/properties/volumes_from/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs441){
}
}
var valid0 = _errs441 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.working_dir !== undefined){
let data204 = data.working_dir;
const _errs445 = errors;
if(typeof data204 !== "string"){
validate8.errors = [{instancePath:instancePath+"/working_dir",schemaPath:"#/properties/working_dir/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs446 = errors;
if(errors === _errs445){
}
var valid0 = _errs445 === errors;
}
else {
var valid0 = true;
}
if(valid0){
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
else {
validate8.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === 0){
}
}
validate8.errors = vErrors;
return errors === 0;
}

const schema21 = {"type":"object","description":"Language Model for the Compose application.","properties":{"name":{"type":"string","description":"Custom name for this model."},"model":{"type":"string","description":"Language Model to run."},"context_size":{"type":"integer"},"runtime_flags":{"type":"array","items":{"type":"string"},"description":"Raw runtime flags to pass to the inference engine."}},"required":["model"],"additionalProperties":false,"patternProperties":{"^x-":{}}};

function validate81(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if((data.model === undefined) && (missing0 = "model")){
validate81.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0},message:"must have required property '"+missing0+"'"}];
return false;
}
else {
const _errs1 = errors;
for(const key0 in data){
if(!(((((key0 === "name") || (key0 === "model")) || (key0 === "context_size")) || (key0 === "runtime_flags")) || (pattern0.test(key0)))){
validate81.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.name !== undefined){
let data0 = data.name;
const _errs2 = errors;
if(typeof data0 !== "string"){
validate81.errors = [{instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs3 = errors;
if(errors === _errs2){
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.model !== undefined){
let data1 = data.model;
const _errs4 = errors;
if(typeof data1 !== "string"){
validate81.errors = [{instancePath:instancePath+"/model",schemaPath:"#/properties/model/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs5 = errors;
if(errors === _errs4){
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.context_size !== undefined){
let data2 = data.context_size;
const _errs6 = errors;
if(!((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2)))){
validate81.errors = [{instancePath:instancePath+"/context_size",schemaPath:"#/properties/context_size/type",keyword:"type",params:{type: "integer"},message:"must be integer"}];
return false;
}
const _errs7 = errors;
if(errors === _errs6){
}
var valid0 = _errs6 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.runtime_flags !== undefined){
let data3 = data.runtime_flags;
const _errs8 = errors;
const _errs9 = errors;
if(errors === _errs8){
if(Array.isArray(data3)){
var valid1 = true;
const len0 = data3.length;
for(let i0=0; i0<len0; i0++){
let data4 = data3[i0];
const _errs10 = errors;
if(typeof data4 !== "string"){
validate81.errors = [{instancePath:instancePath+"/runtime_flags/" + i0,schemaPath:"#/properties/runtime_flags/items/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs11 = errors;
if(errors === _errs10){
}
var valid1 = _errs10 === errors;
if(!valid1){
break;
}
}
if(valid1){
}
}
else {
validate81.errors = [{instancePath:instancePath+"/runtime_flags",schemaPath:"#/properties/runtime_flags/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs8){
}
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
}
}
}
}
}
}
}
else {
validate81.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === 0){
}
}
validate81.errors = vErrors;
return errors === 0;
}

const schema22 = {"type":["object","null"],"description":"Network configuration for the Compose application.","properties":{"name":{"type":"string","description":"Custom name for this network."},"driver":{"type":"string","description":"Specify which driver should be used for this network. Default is 'bridge'."},"driver_opts":{"type":"object","description":"Specify driver-specific options defined as key/value pairs.","patternProperties":{"^.+$":{"type":["string","number"]}}},"ipam":{"type":"object","description":"Custom IP Address Management configuration for this network.","properties":{"driver":{"type":"string","description":"Custom IPAM driver, instead of the default."},"config":{"type":"array","description":"List of IPAM configuration blocks.","items":{"type":"object","properties":{"subnet":{"type":"string","description":"Subnet in CIDR format that represents a network segment."},"ip_range":{"type":"string","description":"Range of IPs from which to allocate container IPs."},"gateway":{"type":"string","description":"IPv4 or IPv6 gateway for the subnet."},"aux_addresses":{"type":"object","description":"Auxiliary IPv4 or IPv6 addresses used by Network driver.","additionalProperties":false,"patternProperties":{"^.+$":{"type":"string"}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}}},"options":{"type":"object","description":"Driver-specific options for the IPAM driver.","additionalProperties":false,"patternProperties":{"^.+$":{"type":"string"}}}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"external":{"type":["boolean","string","object"],"description":"Specifies that this network already exists and was created outside of Compose.","properties":{"name":{"deprecated":true,"type":"string","description":"Specifies the name of the external network. Deprecated: use the 'name' property instead."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"internal":{"type":["boolean","string"],"description":"Create an externally isolated network."},"enable_ipv4":{"type":["boolean","string"],"description":"Enable IPv4 networking."},"enable_ipv6":{"type":["boolean","string"],"description":"Enable IPv6 networking."},"attachable":{"type":["boolean","string"],"description":"If true, standalone containers can attach to this network."},"labels":{"$ref":"#/definitions/list_or_dict","description":"Add metadata to the network using labels."}},"additionalProperties":false,"patternProperties":{"^x-":{}}};

function validate83(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((!(data && typeof data == "object" && !Array.isArray(data))) && (data !== null)){
validate83.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: schema22.type},message:"must be object,null"}];
return false;
}
const _errs0 = errors;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
const _errs1 = errors;
for(const key0 in data){
if(!((func0.call(schema22.properties, key0)) || (pattern0.test(key0)))){
validate83.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.name !== undefined){
let data0 = data.name;
const _errs2 = errors;
if(typeof data0 !== "string"){
validate83.errors = [{instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs3 = errors;
if(errors === _errs2){
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.driver !== undefined){
let data1 = data.driver;
const _errs4 = errors;
if(typeof data1 !== "string"){
validate83.errors = [{instancePath:instancePath+"/driver",schemaPath:"#/properties/driver/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs5 = errors;
if(errors === _errs4){
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.driver_opts !== undefined){
let data2 = data.driver_opts;
const _errs6 = errors;
const _errs7 = errors;
if(errors === _errs6){
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
var props0 = {};
var valid1 = true;
for(const key1 in data2){
if(pattern34.test(key1)){
let data3 = data2[key1];
const _errs8 = errors;
if((typeof data3 !== "string") && (!(typeof data3 == "number"))){
validate83.errors = [{instancePath:instancePath+"/driver_opts/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/driver_opts/patternProperties/%5E.%2B%24/type",keyword:"type",params:{type: schema22.properties.driver_opts.patternProperties["^.+$"].type},message:"must be string,number"}];
return false;
}
const _errs9 = errors;
if(errors === _errs8){
}
var valid1 = _errs8 === errors;
if(!valid1){
break;
}
}
}
if(valid1){
}
}
else {
validate83.errors = [{instancePath:instancePath+"/driver_opts",schemaPath:"#/properties/driver_opts/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs6){
}
}
var valid0 = _errs6 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.ipam !== undefined){
let data4 = data.ipam;
const _errs10 = errors;
const _errs11 = errors;
if(errors === _errs10){
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
const _errs12 = errors;
for(const key2 in data4){
if(!((((key2 === "driver") || (key2 === "config")) || (key2 === "options")) || (pattern0.test(key2)))){
validate83.errors = [{instancePath:instancePath+"/ipam",schemaPath:"#/properties/ipam/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs12 === errors){
if(data4.driver !== undefined){
let data5 = data4.driver;
const _errs13 = errors;
if(typeof data5 !== "string"){
validate83.errors = [{instancePath:instancePath+"/ipam/driver",schemaPath:"#/properties/ipam/properties/driver/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs14 = errors;
if(errors === _errs13){
}
var valid2 = _errs13 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.config !== undefined){
let data6 = data4.config;
const _errs15 = errors;
const _errs16 = errors;
if(errors === _errs15){
if(Array.isArray(data6)){
var valid3 = true;
const len0 = data6.length;
for(let i0=0; i0<len0; i0++){
let data7 = data6[i0];
const _errs17 = errors;
const _errs18 = errors;
if(errors === _errs17){
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
const _errs19 = errors;
for(const key3 in data7){
if(!(((((key3 === "subnet") || (key3 === "ip_range")) || (key3 === "gateway")) || (key3 === "aux_addresses")) || (pattern0.test(key3)))){
validate83.errors = [{instancePath:instancePath+"/ipam/config/" + i0,schemaPath:"#/properties/ipam/properties/config/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs19 === errors){
if(data7.subnet !== undefined){
let data8 = data7.subnet;
const _errs20 = errors;
if(typeof data8 !== "string"){
validate83.errors = [{instancePath:instancePath+"/ipam/config/" + i0+"/subnet",schemaPath:"#/properties/ipam/properties/config/items/properties/subnet/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs21 = errors;
if(errors === _errs20){
}
var valid4 = _errs20 === errors;
}
else {
var valid4 = true;
}
if(valid4){
if(data7.ip_range !== undefined){
let data9 = data7.ip_range;
const _errs22 = errors;
if(typeof data9 !== "string"){
validate83.errors = [{instancePath:instancePath+"/ipam/config/" + i0+"/ip_range",schemaPath:"#/properties/ipam/properties/config/items/properties/ip_range/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs23 = errors;
if(errors === _errs22){
}
var valid4 = _errs22 === errors;
}
else {
var valid4 = true;
}
if(valid4){
if(data7.gateway !== undefined){
let data10 = data7.gateway;
const _errs24 = errors;
if(typeof data10 !== "string"){
validate83.errors = [{instancePath:instancePath+"/ipam/config/" + i0+"/gateway",schemaPath:"#/properties/ipam/properties/config/items/properties/gateway/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs25 = errors;
if(errors === _errs24){
}
var valid4 = _errs24 === errors;
}
else {
var valid4 = true;
}
if(valid4){
if(data7.aux_addresses !== undefined){
let data11 = data7.aux_addresses;
const _errs26 = errors;
const _errs27 = errors;
if(errors === _errs26){
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
const _errs28 = errors;
for(const key4 in data11){
if(!(pattern34.test(key4))){
validate83.errors = [{instancePath:instancePath+"/ipam/config/" + i0+"/aux_addresses",schemaPath:"#/properties/ipam/properties/config/items/properties/aux_addresses/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs28 === errors){
var valid5 = true;
for(const key5 in data11){
if(pattern34.test(key5)){
let data12 = data11[key5];
const _errs29 = errors;
if(typeof data12 !== "string"){
validate83.errors = [{instancePath:instancePath+"/ipam/config/" + i0+"/aux_addresses/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/ipam/properties/config/items/properties/aux_addresses/patternProperties/%5E.%2B%24/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs30 = errors;
if(errors === _errs29){
}
var valid5 = _errs29 === errors;
if(!valid5){
break;
}
}
}
if(valid5){
}
}
}
else {
validate83.errors = [{instancePath:instancePath+"/ipam/config/" + i0+"/aux_addresses",schemaPath:"#/properties/ipam/properties/config/items/properties/aux_addresses/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs26){
}
}
var valid4 = _errs26 === errors;
}
else {
var valid4 = true;
}
if(valid4){
}
}
}
}
}
}
else {
validate83.errors = [{instancePath:instancePath+"/ipam/config/" + i0,schemaPath:"#/properties/ipam/properties/config/items/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs17){
}
}
var valid3 = _errs17 === errors;
if(!valid3){
break;
}
}
if(valid3){
}
}
else {
validate83.errors = [{instancePath:instancePath+"/ipam/config",schemaPath:"#/properties/ipam/properties/config/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs15){
}
}
var valid2 = _errs15 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data4.options !== undefined){
let data13 = data4.options;
const _errs31 = errors;
const _errs32 = errors;
if(errors === _errs31){
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
const _errs33 = errors;
for(const key6 in data13){
if(!(pattern34.test(key6))){
validate83.errors = [{instancePath:instancePath+"/ipam/options",schemaPath:"#/properties/ipam/properties/options/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs33 === errors){
var valid6 = true;
for(const key7 in data13){
if(pattern34.test(key7)){
let data14 = data13[key7];
const _errs34 = errors;
if(typeof data14 !== "string"){
validate83.errors = [{instancePath:instancePath+"/ipam/options/" + key7.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/ipam/properties/options/patternProperties/%5E.%2B%24/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs35 = errors;
if(errors === _errs34){
}
var valid6 = _errs34 === errors;
if(!valid6){
break;
}
}
}
if(valid6){
}
}
}
else {
validate83.errors = [{instancePath:instancePath+"/ipam/options",schemaPath:"#/properties/ipam/properties/options/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs31){
}
}
var valid2 = _errs31 === errors;
}
else {
var valid2 = true;
}
if(valid2){
}
}
}
}
}
else {
validate83.errors = [{instancePath:instancePath+"/ipam",schemaPath:"#/properties/ipam/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs10){
}
}
var valid0 = _errs10 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.external !== undefined){
let data15 = data.external;
const _errs36 = errors;
if(((typeof data15 !== "boolean") && (typeof data15 !== "string")) && (!(data15 && typeof data15 == "object" && !Array.isArray(data15)))){
validate83.errors = [{instancePath:instancePath+"/external",schemaPath:"#/properties/external/type",keyword:"type",params:{type: schema22.properties.external.type},message:"must be boolean,string,object"}];
return false;
}
const _errs37 = errors;
if(errors === _errs36){
if(data15 && typeof data15 == "object" && !Array.isArray(data15)){
const _errs38 = errors;
for(const key8 in data15){
if(!((key8 === "name") || (pattern0.test(key8)))){
validate83.errors = [{instancePath:instancePath+"/external",schemaPath:"#/properties/external/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs38 === errors){
if(data15.name !== undefined){
let data16 = data15.name;
const _errs39 = errors;
if(typeof data16 !== "string"){
validate83.errors = [{instancePath:instancePath+"/external/name",schemaPath:"#/properties/external/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs40 = errors;
if(errors === _errs39){
}
var valid7 = _errs39 === errors;
}
else {
var valid7 = true;
}
if(valid7){
}
}
}
if(errors === _errs36){
}
}
var valid0 = _errs36 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.internal !== undefined){
let data17 = data.internal;
const _errs41 = errors;
if((typeof data17 !== "boolean") && (typeof data17 !== "string")){
validate83.errors = [{instancePath:instancePath+"/internal",schemaPath:"#/properties/internal/type",keyword:"type",params:{type: schema22.properties.internal.type},message:"must be boolean,string"}];
return false;
}
const _errs42 = errors;
if(errors === _errs41){
}
var valid0 = _errs41 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.enable_ipv4 !== undefined){
let data18 = data.enable_ipv4;
const _errs43 = errors;
if((typeof data18 !== "boolean") && (typeof data18 !== "string")){
validate83.errors = [{instancePath:instancePath+"/enable_ipv4",schemaPath:"#/properties/enable_ipv4/type",keyword:"type",params:{type: schema22.properties.enable_ipv4.type},message:"must be boolean,string"}];
return false;
}
const _errs44 = errors;
if(errors === _errs43){
}
var valid0 = _errs43 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.enable_ipv6 !== undefined){
let data19 = data.enable_ipv6;
const _errs45 = errors;
if((typeof data19 !== "boolean") && (typeof data19 !== "string")){
validate83.errors = [{instancePath:instancePath+"/enable_ipv6",schemaPath:"#/properties/enable_ipv6/type",keyword:"type",params:{type: schema22.properties.enable_ipv6.type},message:"must be boolean,string"}];
return false;
}
const _errs46 = errors;
if(errors === _errs45){
}
var valid0 = _errs45 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.attachable !== undefined){
let data20 = data.attachable;
const _errs47 = errors;
if((typeof data20 !== "boolean") && (typeof data20 !== "string")){
validate83.errors = [{instancePath:instancePath+"/attachable",schemaPath:"#/properties/attachable/type",keyword:"type",params:{type: schema22.properties.attachable.type},message:"must be boolean,string"}];
return false;
}
const _errs48 = errors;
if(errors === _errs47){
}
var valid0 = _errs47 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.labels !== undefined){
let data21 = data.labels;
const _errs49 = errors;
if(!(validate15(data21, {instancePath:instancePath+"/labels",parentData:data,parentDataProperty:"labels",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs49 === errors;
}
else {
var valid0 = true;
}
if(valid0){
}
}
}
}
}
}
}
}
}
}
}
}
if(errors === 0){
}
}
validate83.errors = vErrors;
return errors === 0;
}

const schema23 = {"type":["object","null"],"description":"Volume configuration for the Compose application.","properties":{"name":{"type":"string","description":"Custom name for this volume."},"driver":{"type":"string","description":"Specify which volume driver should be used for this volume."},"driver_opts":{"type":"object","description":"Specify driver-specific options.","patternProperties":{"^.+$":{"type":["string","number"]}}},"external":{"type":["boolean","string","object"],"description":"Specifies that this volume already exists and was created outside of Compose.","properties":{"name":{"deprecated":true,"type":"string","description":"Specifies the name of the external volume. Deprecated: use the 'name' property instead."}},"additionalProperties":false,"patternProperties":{"^x-":{}}},"labels":{"$ref":"#/definitions/list_or_dict","description":"Add metadata to the volume using labels."}},"additionalProperties":false,"patternProperties":{"^x-":{}}};

function validate86(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if((!(data && typeof data == "object" && !Array.isArray(data))) && (data !== null)){
validate86.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: schema23.type},message:"must be object,null"}];
return false;
}
const _errs0 = errors;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
const _errs1 = errors;
for(const key0 in data){
if(!((((((key0 === "name") || (key0 === "driver")) || (key0 === "driver_opts")) || (key0 === "external")) || (key0 === "labels")) || (pattern0.test(key0)))){
validate86.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.name !== undefined){
let data0 = data.name;
const _errs2 = errors;
if(typeof data0 !== "string"){
validate86.errors = [{instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs3 = errors;
if(errors === _errs2){
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.driver !== undefined){
let data1 = data.driver;
const _errs4 = errors;
if(typeof data1 !== "string"){
validate86.errors = [{instancePath:instancePath+"/driver",schemaPath:"#/properties/driver/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs5 = errors;
if(errors === _errs4){
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.driver_opts !== undefined){
let data2 = data.driver_opts;
const _errs6 = errors;
const _errs7 = errors;
if(errors === _errs6){
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
var props0 = {};
var valid1 = true;
for(const key1 in data2){
if(pattern34.test(key1)){
let data3 = data2[key1];
const _errs8 = errors;
if((typeof data3 !== "string") && (!(typeof data3 == "number"))){
validate86.errors = [{instancePath:instancePath+"/driver_opts/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/driver_opts/patternProperties/%5E.%2B%24/type",keyword:"type",params:{type: schema23.properties.driver_opts.patternProperties["^.+$"].type},message:"must be string,number"}];
return false;
}
const _errs9 = errors;
if(errors === _errs8){
}
var valid1 = _errs8 === errors;
if(!valid1){
break;
}
}
}
if(valid1){
}
}
else {
validate86.errors = [{instancePath:instancePath+"/driver_opts",schemaPath:"#/properties/driver_opts/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs6){
}
}
var valid0 = _errs6 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.external !== undefined){
let data4 = data.external;
const _errs10 = errors;
if(((typeof data4 !== "boolean") && (typeof data4 !== "string")) && (!(data4 && typeof data4 == "object" && !Array.isArray(data4)))){
validate86.errors = [{instancePath:instancePath+"/external",schemaPath:"#/properties/external/type",keyword:"type",params:{type: schema23.properties.external.type},message:"must be boolean,string,object"}];
return false;
}
const _errs11 = errors;
if(errors === _errs10){
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
const _errs12 = errors;
for(const key2 in data4){
if(!((key2 === "name") || (pattern0.test(key2)))){
validate86.errors = [{instancePath:instancePath+"/external",schemaPath:"#/properties/external/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs12 === errors){
if(data4.name !== undefined){
let data5 = data4.name;
const _errs13 = errors;
if(typeof data5 !== "string"){
validate86.errors = [{instancePath:instancePath+"/external/name",schemaPath:"#/properties/external/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs14 = errors;
if(errors === _errs13){
}
var valid2 = _errs13 === errors;
}
else {
var valid2 = true;
}
if(valid2){
}
}
}
if(errors === _errs10){
}
}
var valid0 = _errs10 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.labels !== undefined){
let data6 = data.labels;
const _errs15 = errors;
if(!(validate15(data6, {instancePath:instancePath+"/labels",parentData:data,parentDataProperty:"labels",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs15 === errors;
}
else {
var valid0 = true;
}
if(valid0){
}
}
}
}
}
}
}
if(errors === 0){
}
}
validate86.errors = vErrors;
return errors === 0;
}

const schema24 = {"type":"object","description":"Secret configuration for the Compose application.","properties":{"name":{"type":"string","description":"Custom name for this secret."},"environment":{"type":"string","description":"Name of an environment variable from which to get the secret value."},"file":{"type":"string","description":"Path to a file containing the secret value."},"external":{"type":["boolean","string","object"],"description":"Specifies that this secret already exists and was created outside of Compose.","properties":{"name":{"type":"string","description":"Specifies the name of the external secret."}}},"labels":{"$ref":"#/definitions/list_or_dict","description":"Add metadata to the secret using labels."},"driver":{"type":"string","description":"Specify which secret driver should be used for this secret."},"driver_opts":{"type":"object","description":"Specify driver-specific options.","patternProperties":{"^.+$":{"type":["string","number"]}}},"template_driver":{"type":"string","description":"Driver to use for templating the secret's value."}},"additionalProperties":false,"patternProperties":{"^x-":{}}};

function validate89(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
const _errs1 = errors;
for(const key0 in data){
if(!(((((((((key0 === "name") || (key0 === "environment")) || (key0 === "file")) || (key0 === "external")) || (key0 === "labels")) || (key0 === "driver")) || (key0 === "driver_opts")) || (key0 === "template_driver")) || (pattern0.test(key0)))){
validate89.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.name !== undefined){
let data0 = data.name;
const _errs2 = errors;
if(typeof data0 !== "string"){
validate89.errors = [{instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs3 = errors;
if(errors === _errs2){
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.environment !== undefined){
let data1 = data.environment;
const _errs4 = errors;
if(typeof data1 !== "string"){
validate89.errors = [{instancePath:instancePath+"/environment",schemaPath:"#/properties/environment/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs5 = errors;
if(errors === _errs4){
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.file !== undefined){
let data2 = data.file;
const _errs6 = errors;
if(typeof data2 !== "string"){
validate89.errors = [{instancePath:instancePath+"/file",schemaPath:"#/properties/file/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs7 = errors;
if(errors === _errs6){
}
var valid0 = _errs6 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.external !== undefined){
let data3 = data.external;
const _errs8 = errors;
if(((typeof data3 !== "boolean") && (typeof data3 !== "string")) && (!(data3 && typeof data3 == "object" && !Array.isArray(data3)))){
validate89.errors = [{instancePath:instancePath+"/external",schemaPath:"#/properties/external/type",keyword:"type",params:{type: schema24.properties.external.type},message:"must be boolean,string,object"}];
return false;
}
const _errs9 = errors;
if(errors === _errs8){
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
if(data3.name !== undefined){
let data4 = data3.name;
const _errs10 = errors;
if(typeof data4 !== "string"){
validate89.errors = [{instancePath:instancePath+"/external/name",schemaPath:"#/properties/external/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs11 = errors;
if(errors === _errs10){
}
var valid1 = _errs10 === errors;
}
else {
var valid1 = true;
}
if(valid1){
}
}
if(errors === _errs8){
}
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.labels !== undefined){
let data5 = data.labels;
const _errs12 = errors;
if(!(validate15(data5, {instancePath:instancePath+"/labels",parentData:data,parentDataProperty:"labels",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs12 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.driver !== undefined){
let data6 = data.driver;
const _errs13 = errors;
if(typeof data6 !== "string"){
validate89.errors = [{instancePath:instancePath+"/driver",schemaPath:"#/properties/driver/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs14 = errors;
if(errors === _errs13){
}
var valid0 = _errs13 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.driver_opts !== undefined){
let data7 = data.driver_opts;
const _errs15 = errors;
const _errs16 = errors;
if(errors === _errs15){
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
var props0 = {};
var valid2 = true;
for(const key1 in data7){
if(pattern34.test(key1)){
let data8 = data7[key1];
const _errs17 = errors;
if((typeof data8 !== "string") && (!(typeof data8 == "number"))){
validate89.errors = [{instancePath:instancePath+"/driver_opts/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/driver_opts/patternProperties/%5E.%2B%24/type",keyword:"type",params:{type: schema24.properties.driver_opts.patternProperties["^.+$"].type},message:"must be string,number"}];
return false;
}
const _errs18 = errors;
if(errors === _errs17){
}
var valid2 = _errs17 === errors;
if(!valid2){
break;
}
}
}
if(valid2){
}
}
else {
validate89.errors = [{instancePath:instancePath+"/driver_opts",schemaPath:"#/properties/driver_opts/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs15){
}
}
var valid0 = _errs15 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.template_driver !== undefined){
let data9 = data.template_driver;
const _errs19 = errors;
if(typeof data9 !== "string"){
validate89.errors = [{instancePath:instancePath+"/template_driver",schemaPath:"#/properties/template_driver/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs20 = errors;
if(errors === _errs19){
}
var valid0 = _errs19 === errors;
}
else {
var valid0 = true;
}
if(valid0){
}
}
}
}
}
}
}
}
}
}
else {
validate89.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === 0){
}
}
validate89.errors = vErrors;
return errors === 0;
}

const schema25 = {"type":"object","description":"Config configuration for the Compose application.","properties":{"name":{"type":"string","description":"Custom name for this config."},"content":{"type":"string","description":"Inline content of the config."},"environment":{"type":"string","description":"Name of an environment variable from which to get the config value."},"file":{"type":"string","description":"Path to a file containing the config value."},"external":{"type":["boolean","string","object"],"description":"Specifies that this config already exists and was created outside of Compose.","properties":{"name":{"deprecated":true,"type":"string","description":"Specifies the name of the external config. Deprecated: use the 'name' property instead."}}},"labels":{"$ref":"#/definitions/list_or_dict","description":"Add metadata to the config using labels."},"template_driver":{"type":"string","description":"Driver to use for templating the config's value."}},"additionalProperties":false,"patternProperties":{"^x-":{}}};

function validate92(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
const _errs1 = errors;
for(const key0 in data){
if(!((((((((key0 === "name") || (key0 === "content")) || (key0 === "environment")) || (key0 === "file")) || (key0 === "external")) || (key0 === "labels")) || (key0 === "template_driver")) || (pattern0.test(key0)))){
validate92.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.name !== undefined){
let data0 = data.name;
const _errs2 = errors;
if(typeof data0 !== "string"){
validate92.errors = [{instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs3 = errors;
if(errors === _errs2){
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.content !== undefined){
let data1 = data.content;
const _errs4 = errors;
if(typeof data1 !== "string"){
validate92.errors = [{instancePath:instancePath+"/content",schemaPath:"#/properties/content/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs5 = errors;
if(errors === _errs4){
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.environment !== undefined){
let data2 = data.environment;
const _errs6 = errors;
if(typeof data2 !== "string"){
validate92.errors = [{instancePath:instancePath+"/environment",schemaPath:"#/properties/environment/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs7 = errors;
if(errors === _errs6){
}
var valid0 = _errs6 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.file !== undefined){
let data3 = data.file;
const _errs8 = errors;
if(typeof data3 !== "string"){
validate92.errors = [{instancePath:instancePath+"/file",schemaPath:"#/properties/file/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs9 = errors;
if(errors === _errs8){
}
var valid0 = _errs8 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.external !== undefined){
let data4 = data.external;
const _errs10 = errors;
if(((typeof data4 !== "boolean") && (typeof data4 !== "string")) && (!(data4 && typeof data4 == "object" && !Array.isArray(data4)))){
validate92.errors = [{instancePath:instancePath+"/external",schemaPath:"#/properties/external/type",keyword:"type",params:{type: schema25.properties.external.type},message:"must be boolean,string,object"}];
return false;
}
const _errs11 = errors;
if(errors === _errs10){
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
if(data4.name !== undefined){
let data5 = data4.name;
const _errs12 = errors;
if(typeof data5 !== "string"){
validate92.errors = [{instancePath:instancePath+"/external/name",schemaPath:"#/properties/external/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs13 = errors;
if(errors === _errs12){
}
var valid1 = _errs12 === errors;
}
else {
var valid1 = true;
}
if(valid1){
}
}
if(errors === _errs10){
}
}
var valid0 = _errs10 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.labels !== undefined){
let data6 = data.labels;
const _errs14 = errors;
if(!(validate15(data6, {instancePath:instancePath+"/labels",parentData:data,parentDataProperty:"labels",rootData}))){
vErrors = vErrors === null ? validate15.errors : vErrors.concat(validate15.errors);
errors = vErrors.length;
}
else {
}
var valid0 = _errs14 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.template_driver !== undefined){
let data7 = data.template_driver;
const _errs15 = errors;
if(typeof data7 !== "string"){
validate92.errors = [{instancePath:instancePath+"/template_driver",schemaPath:"#/properties/template_driver/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs16 = errors;
if(errors === _errs15){
}
var valid0 = _errs15 === errors;
}
else {
var valid0 = true;
}
if(valid0){
}
}
}
}
}
}
}
}
}
else {
validate92.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === 0){
}
}
validate92.errors = vErrors;
return errors === 0;
}


function validate0(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="compose_spec.json" */;
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
const _errs1 = errors;
for(const key0 in data){
if(!((func0.call(schema0.properties, key0)) || (pattern0.test(key0)))){
validate0.errors = [{instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs1 === errors){
if(data.version !== undefined){
let data0 = data.version;
const _errs2 = errors;
if(typeof data0 !== "string"){
validate0.errors = [{instancePath:instancePath+"/version",schemaPath:"#/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs3 = errors;
if(errors === _errs2){
}
var valid0 = _errs2 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.name !== undefined){
let data1 = data.name;
const _errs4 = errors;
if(typeof data1 !== "string"){
validate0.errors = [{instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"}];
return false;
}
const _errs5 = errors;
if(errors === _errs4){
}
var valid0 = _errs4 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.include !== undefined){
let data2 = data.include;
const _errs6 = errors;
const _errs7 = errors;
if(errors === _errs6){
if(Array.isArray(data2)){
var valid1 = true;
const len0 = data2.length;
for(let i0=0; i0<len0; i0++){
let data3 = data2[i0];
const _errs8 = errors;
if(!(validate1(data3, {instancePath:instancePath+"/include/" + i0,parentData:data2,parentDataProperty:i0,rootData}))){
vErrors = vErrors === null ? validate1.errors : vErrors.concat(validate1.errors);
errors = vErrors.length;
}
else {
}
var valid1 = _errs8 === errors;
if(!valid1){
break;
}
}
if(valid1){
}
}
else {
validate0.errors = [{instancePath:instancePath+"/include",schemaPath:"#/properties/include/type",keyword:"type",params:{type: "array"},message:"must be array"}];
return false;
}
if(errors === _errs6){
}
}
var valid0 = _errs6 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.services !== undefined){
let data4 = data.services;
const _errs9 = errors;
const _errs10 = errors;
if(errors === _errs9){
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
const _errs11 = errors;
for(const key1 in data4){
if(!(pattern1.test(key1))){
validate0.errors = [{instancePath:instancePath+"/services",schemaPath:"#/properties/services/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs11 === errors){
var valid2 = true;
for(const key2 in data4){
if(pattern1.test(key2)){
let data5 = data4[key2];
const _errs12 = errors;
if(!(validate8(data5, {instancePath:instancePath+"/services/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),parentData:data4,parentDataProperty:key2,rootData}))){
vErrors = vErrors === null ? validate8.errors : vErrors.concat(validate8.errors);
errors = vErrors.length;
}
else {
}
var valid2 = _errs12 === errors;
if(!valid2){
break;
}
}
}
if(valid2){
}
}
}
else {
validate0.errors = [{instancePath:instancePath+"/services",schemaPath:"#/properties/services/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs9){
}
}
var valid0 = _errs9 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.models !== undefined){
let data6 = data.models;
const _errs13 = errors;
const _errs14 = errors;
if(errors === _errs13){
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
var props0 = {};
var valid3 = true;
for(const key3 in data6){
if(pattern1.test(key3)){
let data7 = data6[key3];
const _errs15 = errors;
if(!(validate81(data7, {instancePath:instancePath+"/models/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),parentData:data6,parentDataProperty:key3,rootData}))){
vErrors = vErrors === null ? validate81.errors : vErrors.concat(validate81.errors);
errors = vErrors.length;
}
else {
}
var valid3 = _errs15 === errors;
if(!valid3){
break;
}
}
}
if(valid3){
}
}
else {
validate0.errors = [{instancePath:instancePath+"/models",schemaPath:"#/properties/models/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs13){
}
}
var valid0 = _errs13 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.networks !== undefined){
let data8 = data.networks;
const _errs16 = errors;
const _errs17 = errors;
if(errors === _errs16){
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
var props1 = {};
var valid4 = true;
for(const key4 in data8){
if(pattern1.test(key4)){
let data9 = data8[key4];
const _errs18 = errors;
if(!(validate83(data9, {instancePath:instancePath+"/networks/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),parentData:data8,parentDataProperty:key4,rootData}))){
vErrors = vErrors === null ? validate83.errors : vErrors.concat(validate83.errors);
errors = vErrors.length;
}
else {
}
var valid4 = _errs18 === errors;
if(!valid4){
break;
}
}
}
if(valid4){
}
}
else {
validate0.errors = [{instancePath:instancePath+"/networks",schemaPath:"#/properties/networks/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs16){
}
}
var valid0 = _errs16 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.volumes !== undefined){
let data10 = data.volumes;
const _errs19 = errors;
const _errs20 = errors;
if(errors === _errs19){
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
const _errs21 = errors;
for(const key5 in data10){
if(!(pattern1.test(key5))){
validate0.errors = [{instancePath:instancePath+"/volumes",schemaPath:"#/properties/volumes/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs21 === errors){
var valid5 = true;
for(const key6 in data10){
if(pattern1.test(key6)){
let data11 = data10[key6];
const _errs22 = errors;
if(!(validate86(data11, {instancePath:instancePath+"/volumes/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),parentData:data10,parentDataProperty:key6,rootData}))){
vErrors = vErrors === null ? validate86.errors : vErrors.concat(validate86.errors);
errors = vErrors.length;
}
else {
}
var valid5 = _errs22 === errors;
if(!valid5){
break;
}
}
}
if(valid5){
}
}
}
else {
validate0.errors = [{instancePath:instancePath+"/volumes",schemaPath:"#/properties/volumes/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs19){
}
}
var valid0 = _errs19 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.secrets !== undefined){
let data12 = data.secrets;
const _errs23 = errors;
const _errs24 = errors;
if(errors === _errs23){
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
const _errs25 = errors;
for(const key7 in data12){
if(!(pattern1.test(key7))){
validate0.errors = [{instancePath:instancePath+"/secrets",schemaPath:"#/properties/secrets/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs25 === errors){
var valid6 = true;
for(const key8 in data12){
if(pattern1.test(key8)){
let data13 = data12[key8];
const _errs26 = errors;
if(!(validate89(data13, {instancePath:instancePath+"/secrets/" + key8.replace(/~/g, "~0").replace(/\//g, "~1"),parentData:data12,parentDataProperty:key8,rootData}))){
vErrors = vErrors === null ? validate89.errors : vErrors.concat(validate89.errors);
errors = vErrors.length;
}
else {
}
var valid6 = _errs26 === errors;
if(!valid6){
break;
}
}
}
if(valid6){
}
}
}
else {
validate0.errors = [{instancePath:instancePath+"/secrets",schemaPath:"#/properties/secrets/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs23){
}
}
var valid0 = _errs23 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.configs !== undefined){
let data14 = data.configs;
const _errs27 = errors;
const _errs28 = errors;
if(errors === _errs27){
if(data14 && typeof data14 == "object" && !Array.isArray(data14)){
const _errs29 = errors;
for(const key9 in data14){
if(!(pattern1.test(key9))){
validate0.errors = [{instancePath:instancePath+"/configs",schemaPath:"#/properties/configs/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties"}];
return false;
break;
}
}
if(_errs29 === errors){
var valid7 = true;
for(const key10 in data14){
if(pattern1.test(key10)){
let data15 = data14[key10];
const _errs30 = errors;
if(!(validate92(data15, {instancePath:instancePath+"/configs/" + key10.replace(/~/g, "~0").replace(/\//g, "~1"),parentData:data14,parentDataProperty:key10,rootData}))){
vErrors = vErrors === null ? validate92.errors : vErrors.concat(validate92.errors);
errors = vErrors.length;
}
else {
}
var valid7 = _errs30 === errors;
if(!valid7){
break;
}
}
}
if(valid7){
}
}
}
else {
validate0.errors = [{instancePath:instancePath+"/configs",schemaPath:"#/properties/configs/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === _errs27){
}
}
var valid0 = _errs27 === errors;
}
else {
var valid0 = true;
}
if(valid0){
}
}
}
}
}
}
}
}
}
}
}
else {
validate0.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"}];
return false;
}
if(errors === 0){
}
}
validate0.errors = vErrors;
return errors === 0;
}

