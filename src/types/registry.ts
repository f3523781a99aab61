// Engine API wire types of the registry endpoints, as the v1.44 spec has them. This folder
// imports nothing: the daemon (api/) and its clients (client/, cli/) both depend on it.

/** One entry of `GET /images/search`'s reply. */
export interface SearchResult {
  name: string;
  description: string;
  star_count: number;
  is_official: boolean;
  is_automated: boolean;
}
