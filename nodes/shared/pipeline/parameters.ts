import type { IDataObject, IExecuteFunctions, NodeParameterValueType } from 'n8n-workflow';

/** `={{ $json.a.b }}`: a plain read of the item's own fields, the usual way bulk input names its values. */
const JSON_FIELD = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*)+)\s*\}\}$/;

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

function field(json: IDataObject, path: string[]): unknown {
	let value: unknown = json;
	for (const key of path) value = value && typeof value === 'object' ? (value as IDataObject)[key] : undefined;
	return value;
}

/**
 * Reads node parameters for many items at the cost of a few. n8n evaluates every parameter anew for
 * every item, which for thousands of items takes longer than the calls to Chime; but a parameter with
 * no expression in it is the same for all items, and `{{ $json.field }}` is a plain read of the item.
 * Everything else goes through n8n's own evaluation.
 */
type Plan =
	| { kind: 'constant'; value?: unknown; read: boolean }
	| { kind: 'jsonField'; path: string[]; locator?: IDataObject }
	| { kind: 'n8n' };

export class ParameterReader {
	private readonly plans = new Map<string, Plan>();
	private readonly items: IDataObject[];
	/** The parameters as saved; getNode() copies the node on every call, so it is read once. */
	private readonly saved: IDataObject;

	constructor(private readonly fns: IExecuteFunctions) {
		this.items = fns.getInputData().map((item) => item.json);
		this.saved = fns.getNode().parameters as IDataObject;
	}

	/** How a parameter is read, decided once per execution from what was saved. */
	private plan(name: string): Plan {
		let plan = this.plans.get(name);
		if (plan) return plan;
		const saved = this.saved[name];
		const locator = saved && typeof saved === 'object' && !Array.isArray(saved) ? (saved as IDataObject) : undefined;
		const match = JSON_FIELD.exec(String(locator ? locator.value : saved));
		if (!hasExpression(saved)) plan = { kind: 'constant', read: false };
		else if (match && (!locator || !hasExpression({ ...locator, value: undefined }))) {
			plan = { kind: 'jsonField', path: match[1].slice(1).split('.'), locator };
		} else plan = { kind: 'n8n' };
		this.plans.set(name, plan);
		return plan;
	}

	get(name: string, itemIndex: number, fallback?: NodeParameterValueType): unknown {
		const plan = this.plan(name);
		if (plan.kind === 'constant') {
			if (!plan.read) Object.assign(plan, { value: this.fns.getNodeParameter(name, 0, fallback), read: true });
			return plan.value;
		}
		if (plan.kind === 'jsonField') {
			const value = field(this.items[itemIndex], plan.path);
			return plan.locator ? { ...plan.locator, value } : value;
		}
		return this.fns.getNodeParameter(name, itemIndex, fallback);
	}
}
