import { Card, ColorInput, Fieldset, Select, SimpleGrid, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  SOCIAL_LINK_LABELS,
  SOCIAL_LINKS,
  SOCIETY_LANGUAGE_LABELS,
  SOCIETY_LANGUAGES,
  type SocialLink,
  type SocietyLanguage,
  type SocietySettings,
  updateSocietySettingsInput,
} from '@societas/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FormFrame } from '../../components/FormFrame';
import { ImageField } from '../../components/ImageField';
import { Page } from '../../components/Page';
import { PageLoader, QueryError } from '../../components/QueryState';
import { useAppForm } from '../../lib/form';
import { useTRPC, useTRPCClient } from '../../lib/trpc';

type Values = {
  name: string;
  shortName: string;
  logoUrl: string;
  faviconUrl: string;
  brandColour: string;
  contactEmail: string;
  contactPhone: string;
  postalAddress: string;
  legalName: string;
  taxId: string;
  socialLinks: Record<SocialLink, string>;
  defaultTimeZone: string;
  defaultLanguage: SocietyLanguage;
  membershipCurrency: string;
};

const FIELDS = [
  'name',
  'shortName',
  'logoUrl',
  'faviconUrl',
  'brandColour',
  'contactEmail',
  'contactPhone',
  'postalAddress',
  'legalName',
  'taxId',
  ...SOCIAL_LINKS.map((link) => `socialLinks.${link}`),
  'defaultTimeZone',
  'defaultLanguage',
  'membershipCurrency',
];

const TIME_ZONES = Intl.supportedValuesOf('timeZone');
const LANGUAGE_OPTIONS = SOCIETY_LANGUAGES.map((value) => ({ value, label: SOCIETY_LANGUAGE_LABELS[value] }));

function toValues(s: SocietySettings): Values {
  return {
    name: s.name,
    shortName: s.shortName,
    logoUrl: s.logoUrl ?? '',
    faviconUrl: s.faviconUrl ?? '',
    brandColour: s.brandColour,
    contactEmail: s.contactEmail,
    contactPhone: s.contactPhone ?? '',
    postalAddress: s.postalAddress ?? '',
    legalName: s.legalName,
    taxId: s.taxId ?? '',
    socialLinks: Object.fromEntries(SOCIAL_LINKS.map((k) => [k, s.socialLinks[k] ?? ''])) as Record<
      SocialLink,
      string
    >,
    defaultTimeZone: s.defaultTimeZone,
    defaultLanguage: s.defaultLanguage,
    membershipCurrency: s.membershipCurrency,
  };
}

function SettingsForm({ settings }: { settings: SocietySettings }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const appForm = useAppForm<Values, SocietySettings>({
    initialValues: toValues(settings),
    schema: updateSocietySettingsInput,
    fields: FIELDS,
    submit: (values) => client.settings.update.mutate(values),
    onSuccess: (saved) => {
      // Header, titles and colours follow at once: they read this query.
      queryClient.setQueryData(trpc.settings.get.queryKey(), saved);
      const next = toValues(saved);
      appForm.form.setInitialValues(next);
      appForm.form.setValues(next);
      notifications.show({ color: 'teal', title: 'Settings saved', message: 'Every page now shows them.' });
    },
  });
  const { form } = appForm;
  // A zone this browser does not list (an alias) stays choosable.
  const zones = TIME_ZONES.includes(form.values.defaultTimeZone)
    ? TIME_ZONES
    : [form.values.defaultTimeZone, ...TIME_ZONES];

  return (
    <Card withBorder padding="lg">
      <FormFrame form={appForm} errorTitle="Could not save the settings" submitLabel="Save settings">
        <Fieldset legend="Name and look">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Society name" required {...form.getInputProps('name')} />
            <TextInput
              label="Short name"
              description="Initials or a short form, for tight spaces"
              required
              {...form.getInputProps('shortName')}
            />
            <ImageField
              form={form}
              field="logoUrl"
              purpose="society_logo"
              uploadLabel="Upload the logo"
              urlLabel="Logo address"
              urlDescription="Filled in by an upload, or an https:// link to the logo image"
              previewAlt="The logo as the header shows it"
              previewHeight={32}
            />
            <ImageField
              form={form}
              field="faviconUrl"
              purpose="society_favicon"
              uploadLabel="Upload the browser tab icon"
              uploadDescription="A square image works best; it is made into a 64 × 64 PNG"
              urlLabel="Icon address"
              urlDescription="Filled in by an upload, or an https:// link to a PNG icon"
              previewAlt="The icon browsers show in the tab"
              previewHeight={32}
            />
            <ColorInput
              label="Brand colour"
              description="Buttons and links use it, darkened where text needs it to stay readable"
              format="hex"
              eyeDropperButtonProps={{ 'aria-label': 'Pick the colour from the screen' }}
              required
              {...form.getInputProps('brandColour')}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Contact">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Contact email" type="email" required {...form.getInputProps('contactEmail')} />
            <TextInput label="Contact phone" type="tel" {...form.getInputProps('contactPhone')} />
          </SimpleGrid>
          <Textarea
            label="Postal address"
            autosize
            minRows={3}
            mt="md"
            {...form.getInputProps('postalAddress')}
          />
        </Fieldset>
        <Fieldset legend="Receipts">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Legal name"
              description="The name receipts are issued in"
              required
              {...form.getInputProps('legalName')}
            />
            <TextInput label="Tax id" description="Shown on receipts" {...form.getInputProps('taxId')} />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Social links">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {SOCIAL_LINKS.map((link) => (
              <TextInput
                key={link}
                label={SOCIAL_LINK_LABELS[link]}
                type="url"
                {...form.getInputProps(`socialLinks.${link}`)}
              />
            ))}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Defaults">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label="Time zone"
              searchable
              required
              data={zones}
              allowDeselect={false}
              {...form.getInputProps('defaultTimeZone')}
            />
            <Select
              label="Language"
              required
              data={LANGUAGE_OPTIONS}
              allowDeselect={false}
              {...form.getInputProps('defaultLanguage')}
            />
            <TextInput
              label="Membership currency"
              description="ISO 4217 code, e.g. EUR"
              required
              maxLength={3}
              {...form.getInputProps('membershipCurrency')}
            />
          </SimpleGrid>
          <Text size="sm" c="dimmed" mt="sm">
            Plans are charged in the membership currency: give each plan a price in it under Membership
            settings.
          </Text>
        </Fieldset>
      </FormFrame>
    </Card>
  );
}

/** Admin → Society settings: the society's name, look, contact and receipt details, defaults. */
export function SocietySettingsPage() {
  const trpc = useTRPC();
  const query = useQuery(trpc.settings.get.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  return (
    <Page
      title="Society settings"
      description="What every page, receipt and mail shows about the society. Deployment settings (addresses, keys, mail server) stay in the environment."
      size="md"
    >
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <SettingsForm settings={query.data} />
      )}
    </Page>
  );
}
