/** Searching for and ordering phone numbers: fields and waiting the same on Amazon Chime and Chime SDK Voice. */
import type { Field, WaitFor } from '../shared/types';

/**
 * Wait for Completion on a phone number order, the same on Amazon Chime and Chime SDK Voice: Processing
 * for a while, then Successful, Partial or Failed, number by number.
 */
export const orderWait = (getOrder: string, service: string): WaitFor => ({
	chime: getOrder,
	id: 'PhoneNumberOrderId',
	status: 'Status',
	pending: ['Processing'],
	succeeded: ['Successful'],
	parts: {
		list: 'OrderedPhoneNumbers',
		key: 'E164PhoneNumber',
		status: 'Status',
		ok: ['Acquired'],
		summary: { ok: 'AcquiredPhoneNumbers', failed: 'FailedPhoneNumbers' },
		// GetPhoneNumberOrder says only Failed, number by number.
		failedBecause: `${service} gives no reason; most often the number was no longer available: search again and order another`,
		partial: { end: 'Partial', label: 'Partial Order Is' },
	},
});

/** The numbers an order asks for. */
export const ORDERED_NUMBERS: Field = {
	path: 'E164PhoneNumbers[]',
	displayName: 'Phone Numbers',
	placeholder: 'e.g. +12065550100, +12065550101',
	description: 'Numbers to order, in E.164 format, as Search Available finds them',
};

/** Search Available's filters: where the numbers to order are. */
export const SEARCH_FILTERS: Field[] = [
	{ path: 'AreaCode', placeholder: 'e.g. 206', description: 'Only numbers in this area code' },
	{ path: 'City', placeholder: 'e.g. Seattle', description: 'Only numbers in this city' },
	{ path: 'Country', placeholder: 'e.g. US', description: 'Only numbers in this country, as a two-letter code' },
	{ path: 'State', placeholder: 'e.g. WA', description: 'Only numbers in this US state, as a two-letter code' },
	{ path: 'TollFreePrefix', displayName: 'Toll-Free Prefix', placeholder: 'e.g. 844', description: 'Only toll-free numbers with this prefix' },
	{ path: 'PhoneNumberType', description: 'Only local numbers, or only toll-free ones' },
];
