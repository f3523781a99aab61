// Which folder of src/ may import which: `depcruise src` fails on an arrow that points up.
// scripts/test.sh runs it before the tests. The order is written once, in `layers`; the
// README's architecture picture draws the same rows.

/**
 * src/'s folders, top to bottom. A folder may import only folders on lower rows; folders on
 * one row do not import each other. So no arrow points up and folders form no cycle.
 */
const layers = [
  ["cli", "daemon"], // the two programs: the berth CLI, and berthd's composition root
  // Compose is a client of the Engine API, as Compose v2 is of dockerd: its model (files to a
  // normalised project) needs nothing, its engine drives any Engine API through client/.
  ["compose"],
  ["client", "api"], // the two ends of the Engine API: typed client, HTTP server and routes
  // Views over more than one service (system df, /info, events filters): df reads both
  // containers and images, so it cannot sit in either.
  ["system"],
  // The builder drives containers (RUN, COPY) and the image store (a step is an image), so it
  // sits above both; system/ may later read its cache for `system df`, so it sits below system.
  ["build"],
  ["container", "registry"], // container lifecycle; pull/push into the image store
  // Networks and endpoints (records, IPAM, CNI data path): the container lifecycle will call
  // network's attach/detach through its resource seam, so network sits below container; it
  // needs nothing of images, so image stays below it.
  // Volumes (records, the local driver's mounts): the container lifecycle will call
  // volume's acquire/release through its resource seam, so volume sits below container, on
  // network's row (neither imports the other); it needs nothing of images.
  ["network", "volume"],
  ["image"], // content store, image records, references, load/save
  ["layer", "runtime"], // unpacked layers, overlay rootfs; OCI spec, runc and the monitor
  ["sys", "oci", "format", "util", "schema"], // syscalls; OCI primitives; Docker's units; leaf helpers; JSON-schema validation of API and OCI documents
  ["types", "errdefs"], // Engine API wire types; typed errors (import nothing)
];

/**
 * Known arrows that still point up, each exempt only for the files it names; delete an
 * entry when the change it waits for lands (the rule then keeps the arrow from coming back).
 */
const exceptions = [];

const folders = (names) => `^src/(${names.join("|")})/`;
const folderOf = (pathRe) => pathRe.match(/^\^src\/([^/]+)\//)[1];

/** The folders a module of `folder` must not import: its own row and every row above. */
function forbiddenFor(folder) {
  const row = layers.findIndex((r) => r.includes(folder));
  return layers
    .slice(0, row + 1)
    .flat()
    .filter((f) => f !== folder);
}

const upwardRules = layers.flat().map((folder) => {
  const exempt = exceptions.filter((e) => folderOf(e.from) === folder);
  return {
    name: `${folder}-imports-only-lower-layers`,
    comment: `${folder}/ may import only folders on a lower row of .dependency-cruiser.mjs's layers`,
    severity: "error",
    from: { path: `^src/${folder}/`, pathNot: exempt.map((e) => e.from) },
    to: { path: folders(forbiddenFor(folder)) },
  };
});

// An exempt file keeps every other arrow of its folder's rule.
const exceptionRules = exceptions.map((e) => {
  const rule = upwardRules.find((r) => r.name === `${folderOf(e.from)}-imports-only-lower-layers`);
  return { ...rule, from: { path: e.from }, to: { ...rule.to, pathNot: e.to } };
});

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...upwardRules,
    ...exceptionRules,
    {
      name: "client-side-speaks-only-http",
      comment: "cli/, compose/ and client/ reach berthd through the Engine API, never by importing api/ or daemon/",
      severity: "error",
      from: { path: folders(["cli", "compose", "client"]) },
      to: { path: folders(["api", "daemon"]) },
    },
    {
      name: "only-cli-uses-the-client",
      comment: "the engine never calls itself through its own HTTP client",
      severity: "error",
      from: { path: "^src/", pathNot: folders(["cli", "compose", "client"]) },
      to: { path: folders(["client"]) },
    },
    {
      name: "every-folder-is-in-a-layer",
      comment: "a new folder of src/ gets a row in .dependency-cruiser.mjs's layers",
      severity: "error",
      from: { path: "^src/", pathNot: folders(layers.flat()) },
      to: {},
    },
  ],
  options: {
    // Type-only imports are arrows too (they vanish from the JavaScript, not from the design).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
  },
};
