/** Parameter values as the n8n panel stores them. */
export const id = (value: string) => ({ __rl: true, mode: 'id', value });
export const byEmail = (value: string) => ({ __rl: true, mode: 'email', value });
export const fromList = (value: string) => ({ __rl: true, mode: 'list', value });

export const TEST_KEYS = {
	accessKeyId: 'AKIATESTCHIME0000001',
	secretAccessKey: 'testSecretKey/0000000000000000000000000',
};
