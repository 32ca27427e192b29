/**
 * Longer texts for the demo seed: committee charges and spotlight stories. Invented, but written the
 * way a society's own pages read, so screens look real in demos and screenshots.
 */

export interface CommitteeSeed {
  slug: string;
  name: string;
  kind: 'board' | 'standing' | 'task_force' | 'editorial';
  maxConsecutiveTerms: number | null;
  termLengthMonths: number | null;
  charge: string;
}

export const COMMITTEE_SEEDS: readonly CommitteeSeed[] = [
  {
    slug: 'board-of-directors',
    name: 'Board of Directors',
    kind: 'board',
    maxConsecutiveTerms: 2,
    termLengthMonths: 36,
    charge: `The Board of Directors governs the Society and holds its assets in trust for the members.

**Responsibilities**

- Set the Society's strategy and approve the annual budget.
- Appoint committee chairs and approve committee charges.
- Oversee the annual meeting, the journal and the Society's public statements.

Directors are elected by the voting members for three-year terms and may serve two consecutive terms.`,
  },
  {
    slug: 'membership-committee',
    name: 'Membership Committee',
    kind: 'standing',
    maxConsecutiveTerms: 2,
    termLengthMonths: 36,
    charge: `The Membership Committee looks after the people who make up the Society.

- Reviews membership categories and **income-band pricing** every year, so that dues stay fair for members in every country.
- Proposes member benefits and runs the member survey.
- Reviews applications for student membership when proof of enrolment is unclear.`,
  },
  {
    slug: 'publications-committee',
    name: 'Publications Committee',
    kind: 'standing',
    maxConsecutiveTerms: 2,
    termLengthMonths: 36,
    charge: `Advises the Board on the Society's journal and other publications: editorial independence, open-access policy,
and the appointment of the Editor-in-Chief.`,
  },
  {
    slug: 'education-committee',
    name: 'Education Committee',
    kind: 'standing',
    maxConsecutiveTerms: 2,
    termLengthMonths: 24,
    charge: `Develops training for members at every career stage: webinars, the summer course on stem cell methods and
the mentoring programme for early-career researchers.`,
  },
  {
    slug: 'ethics-public-policy-committee',
    name: 'Ethics & Public Policy Committee',
    kind: 'standing',
    maxConsecutiveTerms: 2,
    termLengthMonths: 36,
    charge: `Monitors legislation and regulation that affects stem cell research and its clinical translation, prepares
the Society's responses to consultations, and maintains the **Guidelines for Stem Cell Research and Clinical
Translation**.`,
  },
  {
    slug: 'annual-meeting-program-committee',
    name: 'Annual Meeting Program Committee',
    kind: 'standing',
    maxConsecutiveTerms: null,
    termLengthMonths: 24,
    charge: `Builds the scientific programme of the annual meeting: plenary speakers, concurrent sessions, abstract review
and the poster awards.`,
  },
  {
    slug: 'diversity-inclusion-committee',
    name: 'Diversity & Inclusion Committee',
    kind: 'standing',
    maxConsecutiveTerms: 2,
    termLengthMonths: 24,
    charge: `Works to make the Society and the field welcoming to everyone: travel awards for members from lower-income
countries, caregiver grants at the annual meeting, and an annual report on the make-up of committees and
speakers.`,
  },
  {
    slug: 'clinical-translation-task-force',
    name: 'Clinical Translation Task Force',
    kind: 'task_force',
    maxConsecutiveTerms: null,
    termLengthMonths: null,
    charge: `A time-limited task force asked by the Board to update the Society's guidance on unproven stem cell
interventions and to prepare patient-facing material. It reports to the Board at the next annual meeting.`,
  },
  {
    slug: 'stem-cell-reports-editorial-board',
    name: 'Stem Cell Reports Editorial Board',
    kind: 'editorial',
    maxConsecutiveTerms: 3,
    termLengthMonths: 36,
    charge: `The editorial board of the Society's journal. Associate editors handle manuscripts in their area of
expertise and advise the Editor-in-Chief on journal policy.`,
  },
];

export interface SpotlightPerson {
  name: string;
  firstName: string;
  institution: string;
  countryName: string;
  area: string;
}

export interface SpotlightSeed {
  title: (p: SpotlightPerson) => string;
  standfirst: (p: SpotlightPerson) => string;
  body: (p: SpotlightPerson) => string;
  qa: (p: SpotlightPerson) => Array<{ question: string; answer: string }>;
  tags: readonly string[];
}

export const SPOTLIGHT_SEEDS: readonly SpotlightSeed[] = [
  {
    title: (p) => `Growing mini-guts to understand disease: ${p.name}`,
    standfirst: (p) =>
      `${p.firstName} builds intestinal organoids at ${p.institution} to ask why some patients respond to treatment and others do not.`,
    body: (p) => `## From the clinic to the bench

${p.firstName} trained as a physician before moving into research. "I kept seeing patients for whom nothing worked,"
they say. Today the lab at **${p.institution}** grows organoids from patient biopsies and tests drugs on them
before the patient does.

## What is next

The team is building a biobank of organoids from across ${p.countryName}, so that the models reflect the
people who will be treated.`,
    qa: (p) => [
      {
        question: 'What first drew you to stem cells?',
        answer: 'Watching a single cell form a structure that looked like gut tissue under the microscope.',
      },
      {
        question: 'What advice would you give a new student?',
        answer: `Learn to grow cells well before you learn to sequence them. ${p.firstName}'s lab still starts every newcomer with two weeks of culture.`,
      },
      { question: 'What do you do outside the lab?', answer: 'Long-distance running, badly.' },
    ],
    tags: ['organoids', 'gastroenterology', 'translational'],
  },
  {
    title: (p) => `Editing blood stem cells for sickle cell disease: ${p.name}`,
    standfirst: (p) =>
      `At ${p.institution}, ${p.firstName} is working to make gene therapy for sickle cell disease affordable where it is most needed.`,
    body: (
      p,
    ) => `Sickle cell disease affects millions of people, most of them in places where a bone marrow transplant is out
of reach. ${p.firstName}'s group studies **base editing of hematopoietic stem cells** and how to make the
process simpler and cheaper.

> "A cure that costs two million dollars is not a cure for most of my patients."

The group collaborates with clinical centres in ${p.countryName} and abroad.`,
    qa: () => [
      {
        question: 'What is the biggest obstacle?',
        answer:
          'Manufacturing. The biology works; the logistics of collecting, editing and returning cells do not scale yet.',
      },
      {
        question: 'How has the Society helped?',
        answer:
          'A travel award to the annual meeting put me in a room with the people who became my collaborators.',
      },
    ],
    tags: ['hematopoiesis', 'gene editing', 'global health'],
  },
  {
    title: (p) => `Three questions for ${p.name}, new chair of the trainee network`,
    standfirst: () => 'Our trainee network has a new chair. We asked what they want to change.',
    body: (
      p,
    ) => `${p.firstName} is a postdoc at ${p.institution} working on ${p.area.toLowerCase()}. They take over the trainee
network this year with a clear priority: **mentoring that reaches members outside the big research hubs**.`,
    qa: () => [
      {
        question: 'What will you change first?',
        answer: 'Online mentoring circles, scheduled across time zones, so nobody has to join at 3 a.m.',
      },
      {
        question: 'What do trainees ask you about most?',
        answer: 'Careers outside academia. We will run a series with members in industry and policy.',
      },
      {
        question: 'Best thing about the annual meeting?',
        answer: 'The poster sessions. That is where the real conversations happen.',
      },
    ],
    tags: ['trainees', 'mentoring', 'careers'],
  },
  {
    title: (p) => `Rebuilding the retina: ${p.name}`,
    standfirst: (p) =>
      `${p.firstName} grows retinal organoids at ${p.institution} and hopes to see photoreceptor transplants in the clinic within a decade.`,
    body: (
      p,
    ) => `Inherited retinal diseases are a leading cause of blindness in working-age adults. ${p.firstName}'s lab derives
retinal organoids from **iPSCs** and studies how transplanted photoreceptors connect to the host retina.

The lab recently opened its protocols to other groups in ${p.countryName} through a shared training course.`,
    qa: () => [
      {
        question: 'What surprised you most in your research?',
        answer:
          'How well transplanted cells survive, and how poorly they connect. That gap is now our whole project.',
      },
      {
        question: 'A paper everyone should read?',
        answer: 'The original optic cup organoid paper. It still amazes me.',
      },
    ],
    tags: ['retina', 'iPSC', 'organoids'],
  },
  {
    title: (p) => `From the bench to policy: ${p.name}`,
    standfirst: (p) =>
      `${p.firstName} left the lab to work on stem cell regulation, and now sits on the Society's Ethics & Public Policy Committee.`,
    body: (
      p,
    ) => `After a PhD in ${p.area.toLowerCase()}, ${p.firstName} joined a national regulator in ${p.countryName}.
The work now is drafting guidance on **embryo models** and advising legislators on what the science can and cannot do.

Their advice to scientists: "Answer the question you are asked, in plain words, and say what you do not know."`,
    qa: () => [
      {
        question: 'Do you miss the lab?',
        answer:
          'Every time a new paper comes out. Then I remember the cell culture incubator alarms at 2 a.m.',
      },
      {
        question: 'What should scientists do more of?',
        answer: 'Talk to patient groups early, not when a therapy is already in trials.',
      },
    ],
    tags: ['policy', 'ethics', 'careers'],
  },
  {
    title: (p) => `Heart muscle that beats in a dish: ${p.name}`,
    standfirst: (p) =>
      `${p.firstName} engineers heart tissue from stem cells at ${p.institution} to test whether new drugs are safe for the heart.`,
    body: (
      p,
    ) => `Cardiotoxicity is one of the most common reasons drugs fail late in development. ${p.firstName}'s group makes
**engineered heart tissue** from iPSC-derived cardiomyocytes and screens compounds long before they reach people.

The team shares its tissue designs openly and trains visiting researchers from ${p.countryName} and abroad.`,
    qa: () => [
      {
        question: 'What is your favourite tool?',
        answer: 'A cheap camera and good analysis code. You can do a lot with video.',
      },
      {
        question: 'What would you fund with unlimited money?',
        answer: 'Long-term studies of how engineered tissue matures. Most of ours are still too young.',
      },
    ],
    tags: ['cardiac', 'iPSC', 'drug safety'],
  },
  {
    title: (p) => `Building a stem cell lab from scratch: ${p.name}`,
    standfirst: (p) =>
      `Five years ago there was no stem cell research at ${p.institution}. ${p.firstName} changed that.`,
    body: (
      p,
    ) => `${p.firstName} returned to ${p.countryName} after a postdoc abroad with a grant, two incubators and a plan.
Today the lab trains a dozen students and runs the country's first **iPSC core facility**.

"Reagents cost three times what they cost in Boston and take six weeks to arrive. We plan around it."`,
    qa: () => [
      {
        question: 'What made the difference?',
        answer:
          'Collaborators who shipped us cell lines and answered emails at odd hours. And the Society’s low-income-band dues.',
      },
      {
        question: 'What do you need most?',
        answer: 'Long-term core funding. Project grants do not pay for a technician for ten years.',
      },
    ],
    tags: ['capacity building', 'iPSC', 'global health'],
  },
  {
    title: (p) => `Why do we age? ${p.name} looks at stem cells for answers`,
    standfirst: (p) =>
      `${p.firstName} studies how muscle stem cells lose their ability to repair tissue with age, and whether it can be restored.`,
    body: (
      p,
    ) => `In old muscle, stem cells are still there, but they respond poorly to injury. ${p.firstName}'s lab at
${p.institution} uses **single-cell genomics** and **partial reprogramming** to ask what changes and whether it can be reversed.`,
    qa: () => [
      {
        question: 'Can ageing be reversed?',
        answer:
          'Parts of it, in a dish, for some cells. Anything more is a long way off, whatever you read online.',
      },
      { question: 'What keeps you going?', answer: 'My students. And coffee.' },
    ],
    tags: ['ageing', 'muscle', 'reprogramming'],
  },
  {
    title: (p) => `Mapping the developing brain, one cell at a time: ${p.name}`,
    standfirst: (p) =>
      `${p.firstName} combines brain organoids and spatial transcriptomics at ${p.institution}.`,
    body: (
      p,
    ) => `${p.firstName}'s team has built a cell atlas of **brain organoids** grown from donors with and without
neurodevelopmental conditions, and made it freely available to the community.`,
    qa: () => [
      {
        question: 'What is the limit of organoids?',
        answer:
          'They have no blood vessels and no body around them. We are honest about what they can and cannot tell us.',
      },
    ],
    tags: ['neuroscience', 'organoids', 'single-cell'],
  },
  {
    title: (p) => `Making cell therapies at scale: ${p.name}`,
    standfirst: (p) =>
      `${p.firstName} leads process development for iPSC-derived cell therapies in industry.`,
    body: (
      p,
    ) => `After a postdoc in ${p.area.toLowerCase()}, ${p.firstName} moved to industry to work on the unglamorous part
of cell therapy: **making billions of identical cells, every time**.`,
    qa: () => [
      {
        question: 'How is industry different from academia?',
        answer:
          'Everything is documented, and the question is never "does it work" but "does it work every single time".',
      },
    ],
    tags: ['industry', 'cell therapy', 'careers'],
  },
  {
    title: (p) => `Nominated: ${p.name} and the community organoid course`,
    standfirst: (p) => `${p.firstName} has trained over 200 researchers in organoid methods, free of charge.`,
    body: () => 'Draft: to be written with the member once the nomination is accepted.',
    qa: () => [],
    tags: ['education', 'organoids'],
  },
  {
    title: (p) => `Stem cells and the public: ${p.name}`,
    standfirst: (p) => `${p.firstName} answers patients' questions about unproven stem cell clinics.`,
    body: () => 'Draft in progress.',
    qa: () => [
      { question: 'Why does this matter?', answer: 'Patients are paying for treatments that do not work.' },
    ],
    tags: ['public engagement', 'ethics'],
  },
];
