import {
  BackstageIdentityApi,
  BackstageIdentityResponse,
  DiscoveryApi,
  ProfileInfo,
  ProfileInfoApi,
  SessionApi,
  SessionState,
} from '@backstage/frontend-plugin-api';

type Session = {
  profile: ProfileInfo;
  backstageIdentity: BackstageIdentityResponse;
};

type Listener = (state: SessionState) => void;

// renew a little before the token expires, as Backstage's proxied sign-in does
const EXPIRY_MARGIN_MS = 5 * 60_000;
const FALLBACK_LIFETIME_MS = 5 * 60_000;

function expiryOf(token: string): number {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const { exp } = JSON.parse(window.atob(payload));
    if (typeof exp === 'number') {
      return exp * 1000 - EXPIRY_MARGIN_MS;
    }
  } catch {
    // not a JWT we can read: renew soon
  }
  return Date.now() + FALLBACK_LIFETIME_MS;
}

/**
 * An auth API over a proxy auth provider of the auth backend (`GET /api/auth/<provider>/refresh`
 * signs in whoever calls it), so that the sign-in page can offer it as a card next to the guest.
 */
export class ProxiedAuth
  implements ProfileInfoApi, BackstageIdentityApi, SessionApi
{
  private session?: { value: Promise<Session>; expiresAt: number };
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly options: { discoveryApi: DiscoveryApi; provider: string },
  ) {}

  async getBackstageIdentity(): Promise<BackstageIdentityResponse> {
    return (await this.currentSession()).backstageIdentity;
  }

  async getProfile(): Promise<ProfileInfo> {
    return (await this.currentSession()).profile;
  }

  async signIn(): Promise<void> {
    await this.currentSession();
  }

  async signOut(): Promise<void> {
    this.session = undefined;
    this.notify(SessionState.SignedOut);
  }

  sessionState$(): ReturnType<SessionApi['sessionState$']> {
    const listeners = this.listeners;
    const current = () =>
      this.session ? SessionState.SignedIn : SessionState.SignedOut;
    const observable: ReturnType<SessionApi['sessionState$']> = {
      [Symbol.observable]: () => observable,
      subscribe(
        observerOrNext?:
          | { next?(state: SessionState): void }
          | ((state: SessionState) => void),
      ) {
        const next =
          typeof observerOrNext === 'function'
            ? observerOrNext
            : observerOrNext?.next?.bind(observerOrNext);
        const listener: Listener = state => next?.(state);
        listeners.add(listener);
        listener(current());
        let closed = false;
        return {
          unsubscribe() {
            listeners.delete(listener);
            closed = true;
          },
          get closed() {
            return closed;
          },
        };
      },
    };
    return observable;
  }

  private currentSession(): Promise<Session> {
    if (!this.session || Date.now() >= this.session.expiresAt) {
      const value = this.fetchSession();
      const session = { value, expiresAt: Infinity };
      this.session = session;
      value.then(
        s => {
          session.expiresAt = expiryOf(s.backstageIdentity.token);
          this.notify(SessionState.SignedIn);
        },
        () => {
          if (this.session === session) {
            this.session = undefined;
          }
        },
      );
    }
    return this.session.value;
  }

  private async fetchSession(): Promise<Session> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('auth');
    const response = await fetch(
      `${baseUrl}/${this.options.provider}/refresh`,
      {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
        credentials: 'include',
      },
    );
    if (!response.ok) {
      throw new Error(
        `Sign-in with ${this.options.provider} failed: ${response.status} ${response.statusText}`,
      );
    }
    return response.json();
  }

  private notify(state: SessionState) {
    this.listeners.forEach(listener => listener(state));
  }
}
