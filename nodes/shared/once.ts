/**
 * `work` done once per key, its result kept for every later call: what the model and an operation's
 * entry give never changes while n8n runs, so each action, shape or operation is compiled on first use.
 */
export function once<K, V>(work: (key: K) => V): (key: K) => V {
	const done = new Map<K, V>();
	return (key) => {
		let value = done.get(key);
		if (value === undefined) {
			value = work(key);
			done.set(key, value);
		}
		return value;
	};
}
