/**
 * Server URL, email and password with translated, specific errors (bad credentials, server unreachable,
 * invalid URL…). Used by the sign-in screen and, with the account fixed, by the session-expired dialog.
 */
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SignInError, normalizeServerUrl } from '../../data/session-core';
import { signIn } from '../../data/session';

export interface SignInFormProps {
  readonly initialServerUrl: string;
  readonly initialEmail: string;
  /** Re-authentication: server and email are fixed, only the password is asked. */
  readonly lockAccount?: boolean;
  readonly submitLabel: string;
}

export function SignInForm({ initialServerUrl, initialEmail, lockAccount = false, submitLabel }: SignInFormProps) {
  const { t } = useTranslation();
  const [serverUrl, setServerUrl] = useState(initialServerUrl);
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<{ serverUrl?: string; email?: string; password?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const serverRef = useRef<HTMLInputElement>(null);

  const describe = (error: SignInError): string => {
    const url = normalizeServerUrl(serverUrl) ?? serverUrl;
    switch (error.kind) {
      case 'invalid-url':
        return t('signIn.errors.invalidUrl');
      case 'unreachable':
        return t('signIn.errors.unreachable', { url });
      case 'bad-credentials':
        return t('signIn.errors.badCredentials');
      case 'rate-limited':
        return t('signIn.errors.rateLimited');
      case 'invalid-input':
        return t('signIn.errors.invalidInput');
      case 'not-atende':
        return t('signIn.errors.notAtende', { url });
      case 'server':
        return t('signIn.errors.server', { status: error.status ?? '?' });
    }
  };

  const submit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const errors: { serverUrl?: string; email?: string; password?: string } = {};
    if (normalizeServerUrl(serverUrl) === null) errors.serverUrl = t('signIn.errors.invalidUrl');
    if (email.trim() === '') errors.email = t('signIn.emailRequired');
    if (password === '') errors.password = t('signIn.passwordRequired');
    setFieldErrors(errors);
    setFormError(null);
    if (errors.serverUrl !== undefined) {
      serverRef.current?.focus();
      return;
    }
    if (errors.email !== undefined) {
      emailRef.current?.focus();
      return;
    }
    if (errors.password !== undefined) {
      passwordRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await signIn(serverUrl, email, password);
    } catch (error) {
      const signInError = error instanceof SignInError ? error : new SignInError('server', String(error));
      if (signInError.kind === 'invalid-url') {
        setFieldErrors({ serverUrl: describe(signInError) });
        serverRef.current?.focus();
      } else {
        setFormError(describe(signInError));
        if (signInError.kind === 'bad-credentials') {
          setPassword('');
          passwordRef.current?.focus();
        }
      }
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack>
        {formError !== null && (
          <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
            {formError}
          </Alert>
        )}
        {!lockAccount && (
          <TextInput
            ref={serverRef}
            label={t('signIn.serverUrl')}
            description={t('signIn.serverUrlHint')}
            value={serverUrl}
            onChange={(event) => {
              setServerUrl(event.currentTarget.value);
            }}
            error={fieldErrors.serverUrl}
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            autoCapitalize="none"
          />
        )}
        {!lockAccount && (
          <TextInput
            ref={emailRef}
            label={t('signIn.email')}
            type="email"
            value={email}
            onChange={(event) => {
              setEmail(event.currentTarget.value);
            }}
            error={fieldErrors.email}
            autoComplete="username"
            spellCheck={false}
            autoCapitalize="none"
            autoFocus={initialEmail === ''}
          />
        )}
        <PasswordInput
          ref={passwordRef}
          label={t('signIn.password')}
          value={password}
          onChange={(event) => {
            setPassword(event.currentTarget.value);
          }}
          error={fieldErrors.password}
          autoComplete="current-password"
          autoFocus={lockAccount || initialEmail !== ''}
          visibilityToggleButtonProps={{ 'aria-label': t('signIn.showCharacters') }}
          visibilityToggleFocusable
        />
        <Button type="submit" loading={busy} fullWidth>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
