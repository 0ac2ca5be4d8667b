// One account's API: the transport plus one object per endpoint family, all sharing the session's tokens.
import { ApiUnavailableError } from './api-errors';
import { AuthApi } from './auth-api';
import { GroupsApi } from './groups-api';
import { HttpClient, type HttpClientOptions } from './http-client';
import { ResourcesApi } from './resources-api';
import { SettingsApi } from './settings-api';
import { SetupApi } from './setup-api';
import { ShareApi } from './share-api';
import { UsersApi } from './users-api';

export class PassboltApi {
  readonly http: HttpClient;
  readonly auth: AuthApi;
  readonly setup: SetupApi;
  readonly users: UsersApi;
  readonly groups: GroupsApi;
  readonly resources: ResourcesApi;
  readonly share: ShareApi;
  readonly settings: SettingsApi;

  constructor(baseUrl: string, options: HttpClientOptions = {}) {
    this.http = new HttpClient(baseUrl, options);
    this.auth = new AuthApi(this.http);
    this.setup = new SetupApi(this.http);
    this.users = new UsersApi(this.http);
    this.groups = new GroupsApi(this.http);
    this.resources = new ResourcesApi(this.http);
    this.share = new ShareApi(this.http);
    this.settings = new SettingsApi(this.http);
  }

  /** Probes `/healthcheck/status.json`; false only when no HTTP answer comes back. */
  async isReachable(): Promise<boolean> {
    try {
      await this.http.get('/healthcheck/status', { auth: false });
      return true;
    } catch (error) {
      return !(error instanceof ApiUnavailableError);
    }
  }
}
