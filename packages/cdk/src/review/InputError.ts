/**
 * Bad input to the review: an unreadable cloud assembly, a malformed overrides file or traffic profile, an unknown
 * argument. The entry point exits 2 on it (1 is kept for "the stateful guard blocks"), so a workflow can tell a broken
 * review from a blocked pull request.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
