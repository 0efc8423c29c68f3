import type { Role } from './role';

/** Who is calling: for now an API token; governance adds people. `name` is what the audit trail records. */
export interface Principal {
  kind: 'token';
  id: string;
  name: string;
  role: Role;
}
