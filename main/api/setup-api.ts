// Account setup from an invitation; guest calls.
import type { HttpClient } from './http-client';
import { setupStartSchema, userSchema, type SetupStartDto, type UserDto } from './schemas';

export class SetupApi {
  constructor(private readonly http: HttpClient) {}

  async start(userId: string, token: string): Promise<SetupStartDto> {
    return (await this.http.get(`/setup/start/${encodeURIComponent(userId)}/${encodeURIComponent(token)}`, {
      auth: false, schema: setupStartSchema,
    })).body;
  }

  async complete(userId: string, token: string, armoredPublicKey: string, locale?: string): Promise<UserDto | undefined> {
    const res = await this.http.post(`/setup/complete/${encodeURIComponent(userId)}`, {
      auth: false,
      body: { authentication_token: { token }, gpgkey: { armored_key: armoredPublicKey }, ...(locale ? { locale } : {}) },
    });
    const user = userSchema.safeParse(res.body);
    return user.success ? user.data : undefined;
  }
}
