/** The benchmark chart: wall time per network, job and approach, on a log scale, with each job's limit marked. */
import type { Row } from './rows';

const COLORS: Record<Row['approach'], string> = { nodes: '#1a73e8', 'nodes-keep-alive': '#8ab4f8', floor: '#34a853', 'aws-cli': '#e8710a', 'per-item': '#9aa0a6' };
const LABELS: Record<Row['approach'], string> = {
	nodes: 'these nodes',
	'nodes-keep-alive': 'same, connections kept open',
	floor: "n8n floor (n8n's helper alone)",
	'aws-cli': 'AWS CLI loop',
	'per-item': 'one call per item',
};

export function chartSvg(rows: Row[]): string {
	const groups = [...new Set(rows.map((r) => `${r.network} ${r.job}`))];
	const left = 170;
	const width = 560;
	const barHeight = 16;
	const min = 0.1;
	const max = Math.max(...rows.map((r) => r.wall_s)) * 1.5;
	const x = (seconds: number) => left + (Math.log10(Math.max(seconds, min) / min) / Math.log10(max / min)) * width;
	const parts: string[] = [];
	let y = 50;
	for (const group of groups) {
		const groupRows = rows.filter((r) => `${r.network} ${r.job}` === group);
		parts.push(`<text x="10" y="${y + 13}" font-weight="bold">${group}</text>`);
		const limit = Math.min(...groupRows.filter((r) => r.approach === 'nodes').map((r) => r.limit_s));
		const top = y;
		for (const row of groupRows) {
			const label = `${row.wall_s < 10 ? row.wall_s.toFixed(2) : row.wall_s.toFixed(0)} s · ${row.calls} calls${row.concurrency > 1 ? ` · ${row.concurrency} at once` : ''}`;
			parts.push(
				`<rect x="${left}" y="${y}" width="${(x(row.wall_s) - left).toFixed(1)}" height="${barHeight}" fill="${COLORS[row.approach]}"/>`,
				`<text x="${(x(row.wall_s) + 6).toFixed(1)}" y="${y + 12}">${label}</text>`,
			);
			y += barHeight + 3;
		}
		if (Number.isFinite(limit)) parts.push(`<line x1="${x(limit).toFixed(1)}" x2="${x(limit).toFixed(1)}" y1="${top - 3}" y2="${y - 1}" stroke="#202124" stroke-dasharray="3 2"/>`);
		y += 14;
	}
	const ticks = [0.1, 1, 10, 100, 1000].filter((t) => t <= max);
	for (const t of ticks) {
		parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="40" y2="${y - 10}" stroke="#dadce0"/>`, `<text x="${x(t)}" y="${y + 4}" text-anchor="middle">${t} s</text>`);
	}
	let legendX = left;
	let legendY = y + 16;
	for (const approach of Object.keys(COLORS) as Row['approach'][]) {
		const w = 40 + LABELS[approach].length * 6.5;
		if (legendX + w > left + width + 150) {
			legendX = left;
			legendY += 18;
		}
		parts.push(`<rect x="${legendX}" y="${legendY}" width="12" height="12" fill="${COLORS[approach]}"/>`, `<text x="${legendX + 16}" y="${legendY + 10}">${LABELS[approach]}</text>`);
		legendX += w;
	}
	parts.push(`<text x="${legendX}" y="${legendY + 10}">┆ limit (nodes)</text>`);
	const height = legendY + 30;
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 220}" height="${height}" font-family="sans-serif" font-size="12" fill="#202124">
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="10" y="22" font-size="14" font-weight="bold">Wall time, log scale (lan: 25 ms a call; internet: 40 ms a call, +80 ms a new connection, TLS)</text>
${parts.join('\n')}
</svg>
`;
}
