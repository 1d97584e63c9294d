/**
 * Runs `work(0)` … `work(count - 1)` with at most `limit` in flight. After a failure no new work
 * starts; the first error is thrown once the work already in flight has settled.
 */
export async function forEachLimited(count: number, limit: number, work: (index: number) => Promise<void>): Promise<void> {
	let next = 0;
	let failure: { error: unknown } | undefined;
	const worker = async () => {
		while (!failure && next < count) {
			const index = next++;
			try {
				await work(index);
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
	if (failure) throw failure.error;
}
