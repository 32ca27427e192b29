import {
  Button,
  Card,
  Fieldset,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  CAREER_STAGE_LABELS,
  CAREER_STAGES,
  type CareerStage,
  COUNTRIES,
  DIRECTORY_FIELDS,
  type DirectoryField,
  type DirectoryVisibility,
  type Profile,
  updateProfileInput,
  VISIBILITIES,
  VISIBILITY_LABELS,
  type Visibility,
} from '@societas/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FormAlert } from '../../components/QueryState';
import { useAppForm } from '../../lib/form';
import { useTRPC, useTRPCClient } from '../../lib/trpc';

export type ProfileFormValues = {
  name: string;
  institution: string;
  countryCode: string | null;
  careerStage: CareerStage | null;
  researchAreas: string[];
  orcid: string;
  directoryOptOut: boolean;
  visibility: DirectoryVisibility;
};

export const DIRECTORY_FIELD_LABELS: Record<DirectoryField, string> = {
  institution: 'Institution',
  country: 'Country of work',
  careerStage: 'Career stage',
  researchAreas: 'Research areas',
  orcid: 'ORCID iD',
};

const PROFILE_FIELDS = [
  'name',
  'institution',
  'countryCode',
  'careerStage',
  'researchAreas',
  'orcid',
  'directoryOptOut',
  ...DIRECTORY_FIELDS.map((field) => `visibility.${field}`),
];

const COUNTRY_OPTIONS = COUNTRIES.map((c) => ({ value: c.code, label: c.name })).sort((a, b) =>
  a.label.localeCompare(b.label),
);
const CAREER_STAGE_OPTIONS = CAREER_STAGES.map((stage) => ({
  value: stage,
  label: CAREER_STAGE_LABELS[stage],
}));
const VISIBILITY_OPTIONS = VISIBILITIES.map((v) => ({ value: v, label: VISIBILITY_LABELS[v] }));

export function profileToFormValues(profile: Profile): ProfileFormValues {
  return {
    name: profile.name,
    institution: profile.institution ?? '',
    countryCode: profile.countryCode,
    careerStage: profile.careerStage,
    researchAreas: profile.researchAreas,
    orcid: profile.orcid ?? '',
    directoryOptOut: profile.directoryOptOut,
    visibility: { ...profile.visibility },
  };
}

export function ProfileForm({ profile }: { profile: Profile }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { form, formError, onSubmit, isPending } = useAppForm<ProfileFormValues, Profile>({
    initialValues: profileToFormValues(profile),
    schema: updateProfileInput,
    fields: PROFILE_FIELDS,
    submit: (values) => client.account.updateProfile.mutate(values),
    onSuccess: (saved) => {
      queryClient.setQueryData(trpc.account.profile.queryKey(), saved);
      const next = profileToFormValues(saved);
      form.setInitialValues(next);
      form.setValues(next);
      form.resetDirty(next);
      // The header shows the name from the session.
      void queryClient.invalidateQueries({ queryKey: trpc.auth.session.queryKey() });
      notifications.show({ color: 'teal', title: 'Profile saved', message: 'Your changes are saved.' });
    },
  });

  const optedOut = form.values.directoryOptOut;
  // Fields an administrator has locked: the member's own choice is kept but not used.
  const locks = useQuery(trpc.directory.locks.queryOptions());
  const lockOf = (field: DirectoryField) => locks.data?.find((l) => l.field === field);

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="profile-heading">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <div>
            <Title order={2} size="h3" id="profile-heading">
              Profile
            </Title>
            <Text size="sm" c="dimmed">
              Your country of work and career stage set your membership price. Other members see only what you
              choose below.
            </Text>
          </div>
          <FormAlert message={formError} title="Could not save your profile" />
          <TextInput label="Full name" autoComplete="name" required {...form.getInputProps('name')} />
          <TextInput
            label="Institution"
            description="University, institute or company"
            autoComplete="organization"
            {...form.getInputProps('institution')}
          />
          <Group grow align="flex-start" wrap="wrap">
            <Select
              label="Country of work"
              placeholder="Search for a country"
              data={COUNTRY_OPTIONS}
              searchable
              clearable
              nothingFoundMessage="No country matches"
              miw={220}
              {...form.getInputProps('countryCode')}
            />
            <Select
              label="Career stage"
              placeholder="Choose your career stage"
              data={CAREER_STAGE_OPTIONS}
              clearable
              allowDeselect
              miw={220}
              {...form.getInputProps('careerStage')}
            />
          </Group>
          <TagsInput
            label="Research areas"
            description="Type an area and press Enter. Up to 12."
            placeholder="e.g. Organoids"
            maxTags={12}
            splitChars={[',', ';']}
            clearable
            {...form.getInputProps('researchAreas')}
          />
          <TextInput
            label="ORCID iD"
            description="16 digits in four groups, e.g. 0000-0002-1825-0097"
            placeholder="0000-0000-0000-0000"
            autoComplete="off"
            spellCheck={false}
            {...form.getInputProps('orcid')}
          />

          <Fieldset legend="Member directory" variant="filled">
            <Stack gap="md">
              <Switch
                label="Hide me from the member directory"
                description="When on, other members cannot find you in the directory at all."
                {...form.getInputProps('directoryOptOut', { type: 'checkbox' })}
              />
              <Text size="sm" fw={500} id="visibility-help">
                Who can see each field
                {optedOut && (
                  <Text span size="sm" c="dimmed" fw={400}>
                    {' '}
                    (kept for when you rejoin the directory)
                  </Text>
                )}
              </Text>
              {DIRECTORY_FIELDS.map((field) => {
                const path = `visibility.${field}`;
                const error = form.errors[path];
                return (
                  <Group key={field} justify="space-between" gap="xs" wrap="wrap">
                    <Text size="sm" aria-hidden>
                      {DIRECTORY_FIELD_LABELS[field]}
                    </Text>
                    <Stack gap={2}>
                      <SegmentedControl
                        aria-label={`${DIRECTORY_FIELD_LABELS[field]} visibility`}
                        aria-describedby="visibility-help"
                        name={path}
                        size="xs"
                        data={VISIBILITY_OPTIONS}
                        value={form.values.visibility[field]}
                        onChange={(value) => form.setFieldValue(`visibility.${field}`, value as Visibility)}
                        disabled={optedOut || Boolean(lockOf(field))}
                      />
                      {lockOf(field) && (
                        <Text size="xs" c="dimmed">
                          Set by the society for everyone: {VISIBILITY_LABELS[lockOf(field)!.visibility]}
                        </Text>
                      )}
                      {error && (
                        <Text size="xs" c="red" role="alert">
                          {error}
                        </Text>
                      )}
                    </Stack>
                  </Group>
                );
              })}
            </Stack>
          </Fieldset>

          <Group justify="flex-end">
            <Button variant="default" onClick={() => form.reset()} disabled={!form.isDirty() || isPending}>
              Undo changes
            </Button>
            <Button type="submit" loading={isPending}>
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
