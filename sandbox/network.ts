/**
 * The network as users have it, and what the sandbox saw of it. A far region costs a TCP and TLS
 * handshake on every new connection: with `connectLatencyMs` the first request on a connection waits
 * that long before it is read, and later requests kept alive on the same connection do not. The
 * counters let tests tell connections from requests without looking at a clock.
 */
import type { Socket } from 'node:net';

export interface NetworkCounters {
	/** Connections accepted (TCP; with TLS, before the handshake). */
	connections: number;
	/** HTTP requests of any kind (Chime, STS, admin). */
	requests: number;
	/** Requests that paid the connect latency: the first on each connection. */
	connectWaits: number;
}

export class Network {
	counters: NetworkCounters = { connections: 0, requests: 0, connectWaits: 0 };
	private readonly used = new WeakSet<Socket>();

	constructor(public connectLatencyMs = 0) {
		Network.check(connectLatencyMs);
	}

	static check(ms: unknown): void {
		if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new Error('connectLatencyMs must be a number of milliseconds');
	}

	connected(): void {
		this.counters.connections++;
	}

	/** Counts a request, and gives how long it waits for its connection's handshake: only the first on a connection does. */
	arrive(socket: Socket): number {
		this.counters.requests++;
		if (this.used.has(socket)) return 0;
		this.used.add(socket);
		this.counters.connectWaits++;
		return this.connectLatencyMs;
	}

	resetCounters(): void {
		this.counters = { connections: 0, requests: 0, connectWaits: 0 };
	}
}
