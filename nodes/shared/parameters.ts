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
export class ParameterReader {
	private readonly constant = new Map<string, unknown>();
	private readonly items: IDataObject[];

	constructor(private readonly fns: IExecuteFunctions) {
		this.items = fns.getInputData().map((item) => item.json);
	}

	get(name: string, itemIndex: number, fallback?: NodeParameterValueType): unknown {
		const saved = this.fns.getNode().parameters[name];
		if (!hasExpression(saved)) {
			if (!this.constant.has(name)) this.constant.set(name, this.fns.getNodeParameter(name, 0, fallback));
			return this.constant.get(name);
		}
		// A resource locator whose value is `{{ $json.field }}`, or a plain parameter that is.
		const locator = saved && typeof saved === 'object' && !Array.isArray(saved) ? (saved as IDataObject) : undefined;
		const expression = String(locator ? locator.value : saved);
		const match = JSON_FIELD.exec(expression);
		const onlyValueIsExpression = !locator || !hasExpression({ ...locator, value: undefined });
		if (match && onlyValueIsExpression) {
			const value = field(this.items[itemIndex], match[1].slice(1).split('.'));
			return locator ? { ...locator, value } : value;
		}
		return this.fns.getNodeParameter(name, itemIndex, fallback);
	}
}
