/** Bots, their security tokens and events configurations; meeting dial-out. */
import { randomBytes } from 'node:crypto';

import { badRequest, notFound } from '../errors';
import type { AccountRecord, BotRecord, Handler } from './state';
import { account, iso, newId, page, str } from './util';

const securityToken = () => randomBytes(24).toString('base64url');

function findBot(record: AccountRecord, botId: unknown): BotRecord {
	const found = record.bots[String(botId)];
	if (!found) throw notFound(`The bot ${String(botId)} does not exist.`);
	return found;
}

export const botHandlers: Record<string, Handler> = {
	CreateBot: (ctx, input) => {
		const record = account(ctx, input.AccountId);
		const name = String(input.DisplayName);
		const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'bot';
		const bot = {
			BotId: newId(),
			UserId: newId(),
			DisplayName: name,
			BotType: 'ChatBot',
			Disabled: false,
			CreatedTimestamp: iso(ctx),
			UpdatedTimestamp: iso(ctx),
			BotEmail: `${slug}-${randomBytes(3).toString('hex')}@${str(input, 'Domain') ?? 'bots.chime.example'}`,
			SecurityToken: securityToken(),
		};
		record.bots[bot.BotId] = { bot };
		return { Bot: bot };
	},

	GetBot: (ctx, input) => ({ Bot: findBot(account(ctx, input.AccountId), input.BotId).bot }),

	ListBots: (ctx, input) =>
		page('ListBots', input, Object.values(account(ctx, input.AccountId).bots).map((b) => b.bot), 'Bots'),

	UpdateBot: (ctx, input) => {
		const bot = findBot(account(ctx, input.AccountId), input.BotId).bot;
		if (input.Disabled !== undefined) bot.Disabled = input.Disabled;
		bot.UpdatedTimestamp = iso(ctx);
		return { Bot: bot };
	},

	RegenerateSecurityToken: (ctx, input) => {
		const bot = findBot(account(ctx, input.AccountId), input.BotId).bot;
		bot.SecurityToken = securityToken();
		bot.UpdatedTimestamp = iso(ctx);
		return { Bot: bot };
	},

	PutEventsConfiguration: (ctx, input) => {
		const record = findBot(account(ctx, input.AccountId), input.BotId);
		const endpoint = str(input, 'OutboundEventsHTTPSEndpoint');
		const lambda = str(input, 'LambdaFunctionArn');
		if ((endpoint === undefined) === (lambda === undefined)) {
			throw badRequest('Choose either an HTTPS endpoint or a Lambda function ARN.');
		}
		if (endpoint !== undefined && !/^https:\/\/\S+$/.test(endpoint)) throw badRequest('The endpoint must be an https:// URL.');
		if (lambda !== undefined && !/^arn:aws[a-z-]*:lambda:/.test(lambda)) throw badRequest('That is not a Lambda function ARN.');
		record.events = { BotId: record.bot.BotId, ...(endpoint ? { OutboundEventsHTTPSEndpoint: endpoint } : { LambdaFunctionArn: lambda }) };
		return { EventsConfiguration: record.events };
	},

	GetEventsConfiguration: (ctx, input) => {
		const record = findBot(account(ctx, input.AccountId), input.BotId);
		if (!record.events) throw notFound(`The bot ${String(input.BotId)} has no events configuration.`);
		return { EventsConfiguration: record.events };
	},

	DeleteEventsConfiguration: (ctx, input) => {
		delete findBot(account(ctx, input.AccountId), input.BotId).events;
		return undefined;
	},

	CreateMeetingDialOut: (ctx, input) => {
		const from = ctx.state.phoneNumbers[String(input.FromPhoneNumber)];
		if (!from || from.Status === 'DeleteInProgress') {
			throw badRequest(`The caller ID ${String(input.FromPhoneNumber)} is not a phone number in your inventory.`);
		}
		const dialOut = {
			TransactionId: newId(),
			MeetingId: input.MeetingId,
			FromPhoneNumber: input.FromPhoneNumber,
			ToPhoneNumber: input.ToPhoneNumber,
			CreatedTimestamp: iso(ctx),
		};
		ctx.state.dialOuts.push(dialOut);
		return { TransactionId: dialOut.TransactionId };
	},
};
