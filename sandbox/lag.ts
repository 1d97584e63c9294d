/**
 * The read lag (`--list-lag-ms N`): AWS's lists and gets are eventually consistent, so here reads
 * (GET requests) see the state as it was N ms ago, and writes act on the state as it is. What a write
 * creates, changes or deletes shows in reads after N ms, and at most a tenth of N later: writes that
 * follow each other within N/10 ms share one copy of the state before them.
 */
interface Past<S> {
	/** When the first write this copy is from happened. */
	taken: number;
	/** When the last write it stands before happened: reads as of an earlier time see it. */
	until: number;
	state: S;
}

export class ReadLag<S> {
	private past: Array<Past<S>> = [];

	/** Before a write at `now` (ms): keeps the state as it is, for the reads that lag behind it. */
	beforeWrite(state: S, now: number, lagMs: number): void {
		if (lagMs <= 0) return this.clear();
		this.forget(now, lagMs);
		const last = this.past[this.past.length - 1];
		if (last && now - last.taken < lagMs / 10) {
			last.until = now;
			return;
		}
		this.past.push({ taken: now, until: now, state: structuredClone(state) });
	}

	/** What a read at `now` sees: the state as it was `lagMs` before. */
	view(state: S, now: number, lagMs: number): S {
		if (lagMs <= 0) return state;
		this.forget(now, lagMs);
		const asOf = now - lagMs;
		return this.past.find((past) => past.until > asOf)?.state ?? state;
	}

	clear(): void {
		this.past = [];
	}

	/** Copies no read can see any more. */
	private forget(now: number, lagMs: number): void {
		while (this.past.length && this.past[0].until <= now - lagMs) this.past.shift();
	}
}
