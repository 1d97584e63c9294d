/** The run's tables in Markdown, as README's *Bulk speed* shows them. */
import type { Row, ScaleRow } from './rows';

const s = (seconds: number) => `${seconds.toFixed(3)} s`;

export function table(rows: Row[], scale: ScaleRow[]): string {
	const floorOf = (row: Row) => rows.find((r) => r.network === row.network && r.job === row.job && r.approach === 'floor' && r.concurrency === row.concurrency);
	const lines = [
		'| Network | Job | Approach | Concurrency | Wall time | API calls | Limit | × limit | × floor | CPU per call |',
		'|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const row of rows) {
		const floor = floorOf(row);
		const xFloor = floor && row.approach !== 'floor' && row.approach.startsWith('nodes') ? (row.wall_s / floor.wall_s).toFixed(2) : '–';
		const cpu = row.cpu_ms_per_call === undefined ? '–' : `${row.cpu_ms_per_call.toFixed(2)} ms`;
		lines.push(`| ${row.network} | ${row.job} | ${row.approach} | ${row.concurrency} | ${s(row.wall_s)} | ${row.calls} | ${s(row.limit_s)} | ${(row.wall_s / row.limit_s).toFixed(2)} | ${xFloor} | ${cpu} |`);
	}
	if (!scale.length) return lines.join('\n');
	lines.push('', '| Job | Users | Items | Wall time | API calls | Peak RSS | Static data | Growth from 20,000 (time, calls, RSS) |', '|---|---|---|---|---|---|---|---|');
	for (const row of scale) {
		const base = scale.find((r) => r.job === row.job && r.users === Math.min(...scale.map((x) => x.users)));
		const growth = base && base !== row ? `×${(row.wall_s / base.wall_s).toFixed(1)}, ×${(row.calls / base.calls).toFixed(1)}, ×${(row.peak_rss_mb / base.peak_rss_mb).toFixed(1)}` : '–';
		const data = row.static_data_bytes === undefined ? '–' : `${(row.static_data_bytes / 1024).toFixed(0)} KiB`;
		lines.push(`| ${row.job} | ${row.users} | ${row.items} | ${s(row.wall_s)} | ${row.calls} | ${row.peak_rss_mb} MB | ${data} | ${growth} |`);
	}
	return lines.join('\n');
}
