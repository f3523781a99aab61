// The `filters` query parameter of the list, prune and events endpoints, once parsed: the
// Engine API sends a JSON `map[string][]string` (or the older `map[string]map[string]bool`).

/** Filter name (`label`, `status`, …) to the values asked for; a name absent means "no filter". */
export type Filters = ReadonlyMap<string, readonly string[]>;
