import { useLingui } from '@lingui/react/macro';
import { notifications } from '@mantine/notifications';
import { LOCALE_NAMES, LOCALES, type Locale } from '@societas/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { formatErrorMessage } from '../lib/errors';
import { chooseLocale } from '../lib/i18n';
import { activeLocale, isLocale, storedLocale } from '../lib/locale';
import { type SessionUser, useSession } from '../lib/session';
import { useTRPC } from '../lib/trpc';

// The account whose saved language was last applied ("<user id>:<locale>"). Module-level: the
// selector is mounted anew on every language change (App re-keys the pages).
let appliedAccountLocale: string | null = null;
// Whether the selector had the focus when the language changed: the new one takes it back, so a
// keyboard user (arrow keys change a closed select at once) stays where they were.
let refocusAfterChange = false;

function useSaveLocale() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t } = useLingui();
  return useMutation(
    trpc.account.setLocale.mutationOptions({
      onSuccess: ({ locale }) => {
        queryClient.setQueryData(trpc.auth.session.queryKey(), (old) =>
          old?.user ? { user: { ...old.user, locale } } : old,
        );
      },
      onError: (error) =>
        notifications.show({
          color: 'red',
          title: t`Could not save your language on your account`,
          message: formatErrorMessage(error),
        }),
    }),
  );
}

/**
 * A signed-in person gets the language saved on their account; one who chose a language before
 * signing in, and has none saved yet, gets that choice saved.
 */
function useAccountLocale(user: SessionUser | null, save: (locale: Locale) => void) {
  useEffect(() => {
    if (!user) return;
    const key = `${user.id}:${user.locale}`;
    if (appliedAccountLocale === key) return;
    appliedAccountLocale = key;
    if (user.locale && user.locale !== activeLocale()) void chooseLocale(user.locale);
    else if (!user.locale && storedLocale()) save(activeLocale());
  }, [user, save]);
}

/**
 * The language selector of the header: a plain native select, so keyboards and screen readers know
 * it, and so Mantine's input components stay out of the first load (ADR 017).
 */
export function LanguageSelect() {
  const { t, i18n } = useLingui();
  const { user } = useSession();
  const saveLocale = useSaveLocale();
  const save = saveLocale.mutate;
  useAccountLocale(user, (locale) => save({ locale }));
  const select = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (!refocusAfterChange) return;
    refocusAfterChange = false;
    select.current?.focus();
  }, []);

  return (
    <select
      ref={select}
      className="language-select"
      aria-label={t`Language`}
      value={i18n.locale}
      onChange={(event) => {
        const locale = event.currentTarget.value;
        if (!isLocale(locale)) return;
        refocusAfterChange = document.activeElement === event.currentTarget;
        if (user) {
          appliedAccountLocale = `${user.id}:${locale}`;
          save({ locale });
        }
        void chooseLocale(locale);
      }}
    >
      {LOCALES.map((locale) => (
        // Each name in its own language, so a screen reader pronounces it as written.
        <option key={locale} value={locale} lang={locale}>
          {LOCALE_NAMES[locale]}
        </option>
      ))}
    </select>
  );
}
