/**
 * A revision's ops run one after another in call order (node-postgres is async, and an op a script forgot to
 * await must still run in its place); after a failure nothing more runs, and flush/finish throw it. Shared
 * by the op runners, which differ only in how one op is performed.
 */
import type { Op } from '../../operations/ops';
import type { OpRunner } from '../dialect';

/** An OpRunner around `perform`, which runs one op. */
export class OpQueue implements OpRunner {
  readonly #perform: (op: Op) => Promise<void>;
  #queue: Promise<void> = Promise.resolve();
  #failure: { readonly error: unknown } | null = null;

  constructor(perform: (op: Op) => Promise<void>) {
    this.#perform = perform;
  }

  submit(op: Op): Promise<void> {
    const done = this.#queue.then(() => {
      if (this.#failure !== null) throw this.#failure.error;
      return this.#perform(op);
    });
    this.#queue = done.catch((error: unknown) => {
      this.#failure ??= { error };
    });
    done.catch(() => undefined); // a script that does not await it still fails: finish() throws it
    return done;
  }

  async flush(): Promise<void> {
    await this.#queue;
    if (this.#failure !== null) throw this.#failure.error;
  }

  finish(): Promise<void> {
    return this.flush();
  }
}
