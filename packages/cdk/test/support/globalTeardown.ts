import { removeTemporary } from './temporary';

/** Removes what globalSetup made (the synth cache, the staged artifact), so a test run leaves nothing behind. */
export default function globalTeardown(): void {
  removeTemporary();
}
