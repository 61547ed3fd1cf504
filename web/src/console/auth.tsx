import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { api, setCsrfToken } from '../api/client';
import type { Me, Session } from '../api/types';
import { PageSpin } from '../components/PageSpin';

interface Auth {
  /** `undefined` while `/auth/me` is loading, `null` when signed out. */
  user: Me | null | undefined;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  can(permission: string | undefined): boolean;
}

const AuthContext = createContext<Auth | null>(null);

function useSession() {
  const [user, setUser] = useState<Me | null | undefined>(undefined);
  const accept = useCallback((session: Session | null) => {
    setCsrfToken(session?.csrfToken ?? null);
    setUser(session?.user ?? null);
    return session?.user ?? null;
  }, []);
  return { user, accept };
}

/** Console session: asks `/auth/me` once, keeps the CSRF token for writes. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const { user, accept } = useSession();

  useEffect(() => {
    api.get<Session>('/auth/me').then(accept, () => accept(null));
  }, [accept]);

  const value = useMemo<Auth>(
    () => ({
      user,
      login: async (username, password) =>
        accept(await api.post<Session>('/auth/login', { username, password }))!,
      logout: async () => {
        await api.post('/auth/logout').catch(() => undefined);
        accept(null);
      },
      can: (permission) => !permission || !!user?.permissions.includes(permission),
    }),
    [user, accept],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const context = useContext(AuthContext);
  if (!context) throw new Error('useAuth outside <AuthProvider>');
  return context;
}

/** Route guard: unauthenticated visitors go to the login page (and come back afterwards). */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) return <PageSpin />;
  if (user === null) return <Navigate to="/console/login" replace state={{ from: location }} />;
  return <>{children}</>;
}
