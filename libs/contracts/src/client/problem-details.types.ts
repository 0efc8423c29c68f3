/** One invalid input, named by its path (`card.purpose.intendedUse`, `metadata.gitCommit`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** RFC 9457 problem+json as the registry writes it (docs/api.md, "Conventions"). */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  /** Stable machine code, e.g. `model_not_found`, `version_exists`. */
  code?: string;
  requestId?: string;
  /** Only on a 500: the id under which the server logged the failure. */
  errorId?: string;
  /** Only on validation problems. */
  errors?: FieldProblem[];
}
