/** The benchmark chart: wall time per job and approach, on a log scale, with each job's limit marked. */
import type { Row } from './bench';

const COLORS: Record<Row['approach'], string> = { nodes: '#1a73e8', 'nodes-keep-alive': '#8ab4f8', 'aws-cli': '#e8710a', 'per-item': '#9aa0a6' };
const LABELS: Record<Row['approach'], string> = {
	nodes: 'these nodes',
	'nodes-keep-alive': 'same, connections kept open',
	'aws-cli': 'AWS CLI loop',
	'per-item': 'one call per item',
};

export function chartSvg(rows: Row[], latencyMs: number): string {
	const jobs = [...new Set(rows.map((r) => r.job))];
	const left = 130;
	const width = 560;
	const barHeight = 18;
	const min = 0.1;
	const max = Math.max(...rows.map((r) => r.wall_s)) * 1.5;
	const x = (seconds: number) => left + (Math.log10(Math.max(seconds, min) / min) / Math.log10(max / min)) * width;
	const parts: string[] = [];
	let y = 50;
	for (const job of jobs) {
		const jobRows = rows.filter((r) => r.job === job);
		parts.push(`<text x="10" y="${y + 14}" font-weight="bold">${job}</text>`);
		const limit = Math.min(...jobRows.filter((r) => r.approach === 'nodes').map((r) => r.limit_s));
		const top = y;
		for (const row of jobRows) {
			parts.push(
				`<rect x="${left}" y="${y}" width="${(x(row.wall_s) - left).toFixed(1)}" height="${barHeight}" fill="${COLORS[row.approach]}"/>`,
				`<text x="${(x(row.wall_s) + 6).toFixed(1)}" y="${y + 13}">${row.wall_s < 10 ? row.wall_s.toFixed(2) : row.wall_s.toFixed(0)} s · ${row.calls} calls</text>`,
			);
			y += barHeight + 4;
		}
		parts.push(`<line x1="${x(limit).toFixed(1)}" x2="${x(limit).toFixed(1)}" y1="${top - 3}" y2="${y - 1}" stroke="#202124" stroke-dasharray="3 2"/>`);
		y += 16;
	}
	const ticks = [0.1, 1, 10, 100, 1000].filter((t) => t <= max);
	for (const t of ticks) {
		parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="40" y2="${y - 10}" stroke="#dadce0"/>`, `<text x="${x(t)}" y="${y + 4}" text-anchor="middle">${t} s</text>`);
	}
	let legend = left;
	for (const approach of Object.keys(COLORS) as Row['approach'][]) {
		parts.push(`<rect x="${legend}" y="${y + 16}" width="12" height="12" fill="${COLORS[approach]}"/>`, `<text x="${legend + 16}" y="${y + 26}">${LABELS[approach]}</text>`);
		legend += 40 + LABELS[approach].length * 6.5;
	}
	parts.push(`<text x="${legend}" y="${y + 26}">┆ limit (nodes)</text>`);
	const height = y + 40;
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 200}" height="${height}" font-family="sans-serif" font-size="12" fill="#202124">
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="10" y="22" font-size="14" font-weight="bold">Wall time, log scale (${latencyMs} ms per call in the sandbox)</text>
${parts.join('\n')}
</svg>
`;
}
