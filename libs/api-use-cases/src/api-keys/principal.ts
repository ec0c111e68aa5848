/** Who is calling: a key's id and the namespaces it may use (null = all, and administration). */
export interface Principal {
  keyId: string | null;
  namespaceIds: string[] | null;
}

/** The principal of an installation running without authentication (AUTH_MODE=none). */
export const OPEN_PRINCIPAL: Principal = { keyId: null, namespaceIds: null };

/** True when the principal may use the namespace. */
export function mayUseNamespace(principal: Principal, namespaceId: string): boolean {
  return principal.namespaceIds === null || principal.namespaceIds.includes(namespaceId);
}
