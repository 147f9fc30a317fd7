// Single-flight by key: one run of an effect per key at a time. A request with the same inputs as the run in flight
// joins it; a request with other inputs aborts it (AbortSignal, through to the Graph port) and starts over, and
// the callers of the aborted run are handed the new run's result instead of a cancellation.

interface Flight<T> {
  inputs: string;
  controller: AbortController;
  promise: Promise<T>;
}

export class SingleFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  /** How many runs have been started (for tests and figures). */
  started = 0;

  /** `inputs`: what the result depends on, as a string; equal inputs share one run. */
  async run(key: string, inputs: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    let flight = this.flights.get(key);
    if (!flight || flight.inputs !== inputs) {
      flight?.controller.abort();
      flight = this.start(key, inputs, work);
    }
    for (;;) {
      try {
        return await flight.promise;
      } catch (e) {
        // Superseded while we waited: follow the run that replaced it.
        const next = this.flights.get(key);
        if (!flight.controller.signal.aborted || !next || next === flight) throw e;
        flight = next;
      }
    }
  }

  /** Aborts every run in flight (their callers see the cancellation). */
  abortAll(): void {
    for (const f of this.flights.values()) f.controller.abort();
    this.flights.clear();
  }

  private start(key: string, inputs: string, work: (signal: AbortSignal) => Promise<T>): Flight<T> {
    const controller = new AbortController();
    this.started++;
    const flight: Flight<T> = { inputs, controller, promise: (async () => work(controller.signal))() };
    this.flights.set(key, flight);
    const done = () => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    };
    flight.promise.then(done, done);
    return flight;
  }
}
