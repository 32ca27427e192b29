import type { CareerStage } from '@societas/contracts';

/**
 * Word lists for the demo and scale seeds. Everything here is invented; names are built from common
 * first and family names of many cultures so the directory looks like an international society's.
 */

export interface NameCulture {
  first: readonly string[];
  last: readonly string[];
}

export const NAME_CULTURES = {
  anglo: {
    first: ['Emily', 'James', 'Olivia', 'Michael', 'Sarah', 'David', 'Jessica', 'Daniel', 'Hannah', 'Ryan'],
    last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Clark', 'Walker'],
  },
  anglo2: {
    first: [
      'Rachel',
      'Andrew',
      'Lauren',
      'Matthew',
      'Grace',
      'Benjamin',
      'Claire',
      'Thomas',
      'Megan',
      'Owen',
    ],
    last: ['Hughes', 'Campbell', "O'Brien", 'Murphy', 'Anderson', 'Thompson', 'Robinson', 'Evans', 'Kelly'],
  },
  german: {
    first: [
      'Lena',
      'Lukas',
      'Anna',
      'Felix',
      'Johanna',
      'Maximilian',
      'Katharina',
      'Jonas',
      'Sophie',
      'Tobias',
    ],
    last: [
      'Müller',
      'Schmidt',
      'Schneider',
      'Fischer',
      'Weber',
      'Meyer',
      'Wagner',
      'Becker',
      'Hoffmann',
      'Schäfer',
    ],
  },
  french: {
    first: ['Camille', 'Louis', 'Chloé', 'Hugo', 'Manon', 'Julien', 'Léa', 'Antoine', 'Claire', 'Mathieu'],
    last: [
      'Martin',
      'Bernard',
      'Dubois',
      'Lefèvre',
      'Robert',
      'Richard',
      'Petit',
      'Durand',
      'Moreau',
      'Girard',
    ],
  },
  italian: {
    first: [
      'Giulia',
      'Marco',
      'Francesca',
      'Luca',
      'Chiara',
      'Alessandro',
      'Elena',
      'Matteo',
      'Sara',
      'Davide',
    ],
    last: [
      'Rossi',
      'Russo',
      'Ferrari',
      'Esposito',
      'Bianchi',
      'Romano',
      'Colombo',
      'Ricci',
      'Greco',
      'De Luca',
    ],
  },
  hispanic: {
    first: [
      'Lucía',
      'Mateo',
      'Sofía',
      'Santiago',
      'Valentina',
      'Diego',
      'Camila',
      'Alejandro',
      'Isabel',
      'Javier',
    ],
    last: [
      'García',
      'Rodríguez',
      'Martínez',
      'López',
      'González',
      'Hernández',
      'Pérez',
      'Ramírez',
      'Torres',
      'Vargas',
    ],
  },
  lusophone: {
    first: ['João', 'Ana', 'Pedro', 'Beatriz', 'Lucas', 'Mariana', 'Rafael', 'Juliana', 'Thiago', 'Fernanda'],
    last: [
      'Silva',
      'Santos',
      'Oliveira',
      'Souza',
      'Costa',
      'Pereira',
      'Almeida',
      'Ferreira',
      'Carvalho',
      'Ribeiro',
    ],
  },
  dutch: {
    first: ['Sanne', 'Daan', 'Femke', 'Bram', 'Lotte', 'Jeroen', 'Anouk', 'Ruben', 'Maaike', 'Sven'],
    last: [
      'de Vries',
      'Jansen',
      'van Dijk',
      'Bakker',
      'Visser',
      'Smit',
      'Meijer',
      'de Boer',
      'Mulder',
      'Peeters',
    ],
  },
  nordic: {
    first: ['Astrid', 'Erik', 'Ingrid', 'Lars', 'Freja', 'Mikkel', 'Sigrid', 'Anders', 'Aino', 'Mikko'],
    last: [
      'Johansson',
      'Andersson',
      'Nielsen',
      'Hansen',
      'Larsen',
      'Lindqvist',
      'Virtanen',
      'Korhonen',
      'Berg',
    ],
  },
  slavic: {
    first: ['Anna', 'Piotr', 'Katarzyna', 'Tomasz', 'Olga', 'Dmitri', 'Natalia', 'Ivan', 'Jana', 'Marek'],
    last: [
      'Kowalski',
      'Nowak',
      'Novák',
      'Ivanov',
      'Kovalenko',
      'Horvat',
      'Popescu',
      'Nagy',
      'Dvořák',
      'Jovanović',
    ],
  },
  greek: {
    first: ['Eleni', 'Giorgos', 'Maria', 'Nikos', 'Katerina', 'Dimitris', 'Sofia', 'Yannis'],
    last: ['Papadopoulos', 'Georgiou', 'Nikolaidis', 'Konstantinou', 'Pappas', 'Vlachos'],
  },
  hebrew: {
    first: ['Noa', 'Yael', 'Itai', 'Tamar', 'Eitan', 'Shira', 'Amit', 'Maya'],
    last: ['Cohen', 'Levi', 'Mizrahi', 'Peretz', 'Friedman', 'Katz', 'Ben-David', 'Shapiro'],
  },
  arabic: {
    first: ['Ahmed', 'Fatima', 'Omar', 'Layla', 'Youssef', 'Nour', 'Karim', 'Salma', 'Hassan', 'Mariam'],
    last: [
      'El-Sayed',
      'Haddad',
      'Benali',
      'Mansour',
      'Khalil',
      'Nasser',
      'Saleh',
      'Farouk',
      'Bennani',
      'Trabelsi',
    ],
  },
  persian: {
    first: ['Arash', 'Shirin', 'Reza', 'Niloufar', 'Dariush', 'Parisa', 'Kaveh', 'Maryam'],
    last: ['Hosseini', 'Rahimi', 'Karimi', 'Moradi', 'Tehrani', 'Ahmadi'],
  },
  turkish: {
    first: ['Elif', 'Mehmet', 'Zeynep', 'Emre', 'Ayşe', 'Burak', 'Selin', 'Can'],
    last: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk', 'Aydın', 'Arslan'],
  },
  southAsian: {
    first: [
      'Priya',
      'Arjun',
      'Ananya',
      'Rohan',
      'Aisha',
      'Imran',
      'Sanjay',
      'Kavya',
      'Farhan',
      'Nusrat',
      'Deepa',
    ],
    last: [
      'Sharma',
      'Patel',
      'Gupta',
      'Iyer',
      'Reddy',
      'Khan',
      'Chowdhury',
      'Rahman',
      'Nair',
      'Perera',
      'Shrestha',
    ],
  },
  chinese: {
    first: ['Wei', 'Jing', 'Xiaoming', 'Yan', 'Hao', 'Mei', 'Jun', 'Lei', 'Fang', 'Xin', 'Ying', 'Tao'],
    last: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Lin'],
  },
  japanese: {
    first: ['Haruto', 'Yui', 'Sota', 'Aoi', 'Hiroshi', 'Yuki', 'Kenji', 'Sakura', 'Takumi', 'Naoko', 'Daiki'],
    last: [
      'Sato',
      'Suzuki',
      'Takahashi',
      'Tanaka',
      'Watanabe',
      'Ito',
      'Yamamoto',
      'Nakamura',
      'Kobayashi',
      'Okano',
    ],
  },
  korean: {
    first: ['Min-jun', 'Seo-yeon', 'Ji-ho', 'Ha-eun', 'Jae-won', 'Soo-jin', 'Hyun-woo', 'Eun-ji'],
    last: ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon'],
  },
  southeastAsian: {
    first: ['Minh', 'Lan', 'Putri', 'Budi', 'Siti', 'Angelica', 'Paolo', 'Somchai', 'Linh', 'Dewi'],
    last: ['Nguyen', 'Tran', 'Pham', 'Santos', 'Reyes', 'Wijaya', 'Hidayat', 'Srisuk', 'Tan', 'Abdullah'],
  },
  westAfrican: {
    first: ['Chinonso', 'Adaeze', 'Oluwaseun', 'Ngozi', 'Emeka', 'Kwame', 'Ama', 'Kofi', 'Abena', 'Tunde'],
    last: ['Okafor', 'Adeyemi', 'Mensah', 'Boateng', 'Eze', 'Okonkwo', 'Balogun', 'Asante', 'Nwosu', 'Owusu'],
  },
  francophoneAfrican: {
    first: ['Aminata', 'Moussa', 'Fatou', 'Ousmane', 'Mamadou', 'Awa', 'Ibrahima', 'Aïssatou', 'Cheikh'],
    last: ['Diallo', 'Ndiaye', 'Traoré', 'Diop', 'Sow', 'Camara', 'Keïta', 'Coulibaly', 'Kouassi'],
  },
  eastAfrican: {
    first: [
      'Wanjiru',
      'Achieng',
      'Otieno',
      'Njeri',
      'Nakato',
      'Tendai',
      'Chipo',
      'Tesfaye',
      'Mekdes',
      'Baraka',
    ],
    last: [
      'Kamau',
      'Odhiambo',
      'Mwangi',
      'Nakamya',
      'Mugisha',
      'Uwimana',
      'Banda',
      'Phiri',
      'Moyo',
      'Bekele',
    ],
  },
} as const satisfies Record<string, NameCulture>;

export type CultureKey = keyof typeof NAME_CULTURES;

const CULTURE_BY_COUNTRY: Record<string, CultureKey> = {};
function assign(culture: CultureKey, codes: string): void {
  for (const code of codes.split(' ')) CULTURE_BY_COUNTRY[code] = culture;
}
assign('anglo', 'US CA AU NZ');
assign('anglo2', 'GB IE JM TT BB');
assign('german', 'DE AT CH LI');
assign('french', 'FR LU MC');
assign('italian', 'IT SM MT');
assign('hispanic', 'ES MX AR CO CL PE BO EC CR CU UY HN GT VE PY DO NI SV PA');
assign('lusophone', 'BR PT AO MZ CV');
assign('dutch', 'NL BE');
assign('nordic', 'SE NO DK FI IS');
assign('slavic', 'PL CZ SK RU UA RS HR SI BG RO HU BY EE LV LT');
assign('greek', 'GR CY');
assign('hebrew', 'IL');
assign('arabic', 'EG MA TN JO LB SA AE QA DZ IQ KW OM BH SD LY SY YE PS');
assign('persian', 'IR AF');
assign('turkish', 'TR AZ KZ UZ');
assign('southAsian', 'IN PK BD NP LK BT MV');
assign('chinese', 'CN TW HK SG MO');
assign('japanese', 'JP');
assign('korean', 'KR');
assign('southeastAsian', 'VN PH ID MY TH KH LA MM');
assign('westAfrican', 'NG GH LR SL GM');
assign('francophoneAfrican', 'SN CI ML BF NE CM GN TG BJ CD CG GA TD MG BI');
assign('eastAfrican', 'KE UG TZ RW ET MW ZM ZW SS SO ER ZA BW NA LS SZ');

export function cultureFor(countryCode: string): CultureKey {
  return CULTURE_BY_COUNTRY[countryCode] ?? 'anglo';
}

/** Where members work: heavy in the big research countries, with a long tail (coverage list). */
export const COUNTRY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['US', 40],
  ['GB', 18],
  ['DE', 16],
  ['JP', 14],
  ['CN', 14],
  ['CA', 9],
  ['FR', 8],
  ['IN', 8],
  ['AU', 7],
  ['IT', 7],
  ['KR', 6],
  ['ES', 6],
  ['NL', 6],
  ['CH', 6],
  ['BR', 6],
  ['SE', 4],
  ['SG', 4],
  ['IL', 4],
  ['DK', 3],
  ['AT', 3],
  ['BE', 3],
  ['TW', 3],
  ['MX', 3],
  ['ZA', 3],
  ['NG', 3],
  ['EG', 3],
  ['KE', 2],
  ['IE', 2],
  ['FI', 2],
  ['NO', 2],
  ['PL', 2],
  ['PK', 2],
  ['BD', 2],
  ['VN', 2],
  ['IR', 2],
  ['TR', 2],
  ['AR', 2],
  ['GH', 2],
  ['ET', 2],
  ['UG', 2],
];

/** One member in each of these first, so the demo always spans 65+ countries and every income band. */
export const COVERAGE_COUNTRIES = (
  'US GB DE JP CN CA FR IN AU IT KR ES NL CH BR SE SG IL DK AT BE TW MX ZA NG EG KE IE FI NO PL PK ' +
  'BD VN IR TR AR GH ET UG RW TZ MA TN NP LK ZW ZM SN CM BO HN UZ MM SD MW MZ MG BF ML PH ID TH ' +
  'MY CO CL PE PT GR CZ HU RO NZ SA AE JO LB KH CD SL NE'
).split(' ');

export const CAREER_STAGE_WEIGHTS: readonly (readonly [CareerStage, number])[] = [
  ['student', 15],
  ['postdoc', 20],
  ['early_career', 14],
  ['mid_career', 15],
  ['senior', 20],
  ['industry', 9],
  ['emeritus', 4],
  ['non_scientist', 3],
];

export const RESEARCH_AREAS = [
  'Organoids',
  'Induced pluripotent stem cells (iPSC)',
  'Hematopoiesis',
  'Gene editing (CRISPR)',
  'Embryonic stem cells',
  'Neural stem cells',
  'Cardiac regeneration',
  'Intestinal stem cells',
  'Mesenchymal stromal cells',
  'Cancer stem cells',
  'Germline and reproduction',
  'Epigenetics and reprogramming',
  'Tissue engineering',
  'Cell therapy manufacturing',
  'Muscle stem cells',
  'Liver regeneration',
  'Retinal regeneration',
  'Pancreatic beta cells',
  'Skin and hair follicle stem cells',
  'Stem cell niche',
  'Aging and rejuvenation',
  'Single-cell genomics',
  'Developmental biology',
  'Ethics and policy',
  'Lung and airway regeneration',
  'Kidney organoids',
] as const;

export interface Institution {
  name: string;
  country: string;
}

export const INSTITUTIONS: readonly Institution[] = [
  { name: 'Harvard Stem Cell Institute', country: 'US' },
  { name: 'Stanford University', country: 'US' },
  { name: 'University of California, San Francisco', country: 'US' },
  { name: 'Whitehead Institute for Biomedical Research', country: 'US' },
  { name: 'Salk Institute for Biological Studies', country: 'US' },
  { name: 'Memorial Sloan Kettering Cancer Center', country: 'US' },
  { name: 'Johns Hopkins University', country: 'US' },
  { name: 'University of Wisconsin–Madison', country: 'US' },
  { name: 'University of Cambridge', country: 'GB' },
  { name: 'University College London', country: 'GB' },
  { name: 'The Francis Crick Institute', country: 'GB' },
  { name: 'University of Edinburgh', country: 'GB' },
  { name: 'Max Planck Institute for Molecular Biomedicine', country: 'DE' },
  { name: 'Charité – Universitätsmedizin Berlin', country: 'DE' },
  { name: 'Helmholtz Munich', country: 'DE' },
  { name: 'German Cancer Research Center (DKFZ)', country: 'DE' },
  { name: 'Kyoto University CiRA', country: 'JP' },
  { name: 'University of Tokyo', country: 'JP' },
  { name: 'RIKEN Center for Biosystems Dynamics Research', country: 'JP' },
  { name: 'Peking University', country: 'CN' },
  { name: 'Tsinghua University', country: 'CN' },
  { name: 'Institute of Zoology, Chinese Academy of Sciences', country: 'CN' },
  { name: 'University of Toronto', country: 'CA' },
  { name: 'McGill University', country: 'CA' },
  { name: 'Institut Pasteur', country: 'FR' },
  { name: 'Sorbonne Université', country: 'FR' },
  { name: 'Tata Institute of Fundamental Research', country: 'IN' },
  { name: 'All India Institute of Medical Sciences', country: 'IN' },
  { name: 'Monash University', country: 'AU' },
  { name: "Murdoch Children's Research Institute", country: 'AU' },
  { name: 'University of Milan', country: 'IT' },
  { name: 'Seoul National University', country: 'KR' },
  { name: 'KAIST', country: 'KR' },
  { name: 'Centre for Genomic Regulation (CRG)', country: 'ES' },
  { name: 'Hubrecht Institute', country: 'NL' },
  { name: 'ETH Zurich', country: 'CH' },
  { name: 'École Polytechnique Fédérale de Lausanne', country: 'CH' },
  { name: 'Universidade de São Paulo', country: 'BR' },
  { name: 'Karolinska Institutet', country: 'SE' },
  { name: 'National University of Singapore', country: 'SG' },
  { name: 'Weizmann Institute of Science', country: 'IL' },
  { name: 'University of Copenhagen', country: 'DK' },
  { name: 'University of Cape Town', country: 'ZA' },
  { name: 'University of Lagos', country: 'NG' },
  { name: 'Cairo University', country: 'EG' },
  { name: 'University of Nairobi', country: 'KE' },
  { name: 'Aga Khan University', country: 'PK' },
  { name: 'University of Dhaka', country: 'BD' },
  { name: 'Vietnam National University', country: 'VN' },
  { name: 'Royan Institute', country: 'IR' },
  { name: 'Universidad de Buenos Aires', country: 'AR' },
  { name: 'University of Ghana', country: 'GH' },
  { name: 'Addis Ababa University', country: 'ET' },
  { name: 'Makerere University', country: 'UG' },
  { name: 'University of Rwanda', country: 'RW' },
  { name: 'Muhimbili University of Health and Allied Sciences', country: 'TZ' },
  { name: 'Mohammed V University', country: 'MA' },
  { name: 'Universidad Nacional Autónoma de México', country: 'MX' },
  { name: 'University of the Philippines Manila', country: 'PH' },
  { name: 'University of Zimbabwe', country: 'ZW' },
];

/** Employers for the job board: name, sector, country, city and a (fictional) domain. */
export interface EmployerSeed {
  name: string;
  sector: 'academia' | 'industry' | 'non_profit' | 'government';
  country: string;
  city: string;
  domain: string;
}

export const EMPLOYERS: readonly EmployerSeed[] = [
  {
    name: 'Helix Biotherapeutics',
    sector: 'industry',
    country: 'US',
    city: 'Boston',
    domain: 'helixbio.example',
  },
  {
    name: 'Max Planck Institute for Molecular Biomedicine',
    sector: 'academia',
    country: 'DE',
    city: 'Münster',
    domain: 'mpi-muenster.example',
  },
  {
    name: 'Helmholtz Munich',
    sector: 'government',
    country: 'DE',
    city: 'Munich',
    domain: 'helmholtz.example',
  },
  {
    name: 'Berlin Institute of Health at Charité',
    sector: 'academia',
    country: 'DE',
    city: 'Berlin',
    domain: 'bih-charite.example',
  },
  {
    name: 'University of Cambridge',
    sector: 'academia',
    country: 'GB',
    city: 'Cambridge',
    domain: 'cam.example',
  },
  {
    name: 'The Francis Crick Institute',
    sector: 'non_profit',
    country: 'GB',
    city: 'London',
    domain: 'crick.example',
  },
  { name: 'Kyoto University CiRA', sector: 'academia', country: 'JP', city: 'Kyoto', domain: 'cira.example' },
  {
    name: 'Stanford University',
    sector: 'academia',
    country: 'US',
    city: 'Stanford',
    domain: 'stanford.example',
  },
  {
    name: 'University of California, San Francisco',
    sector: 'academia',
    country: 'US',
    city: 'San Francisco',
    domain: 'ucsf.example',
  },
  { name: 'Salk Institute', sector: 'non_profit', country: 'US', city: 'La Jolla', domain: 'salk.example' },
  {
    name: 'Hubrecht Institute',
    sector: 'academia',
    country: 'NL',
    city: 'Utrecht',
    domain: 'hubrecht.example',
  },
  {
    name: 'Karolinska Institutet',
    sector: 'academia',
    country: 'SE',
    city: 'Stockholm',
    domain: 'ki.example',
  },
  { name: 'ETH Zurich', sector: 'academia', country: 'CH', city: 'Zurich', domain: 'ethz.example' },
  { name: 'Institut Pasteur', sector: 'non_profit', country: 'FR', city: 'Paris', domain: 'pasteur.example' },
  {
    name: 'Novo Nordisk Foundation Center for Stem Cell Medicine',
    sector: 'non_profit',
    country: 'DK',
    city: 'Copenhagen',
    domain: 'reno.example',
  },
  {
    name: 'Organovia GmbH',
    sector: 'industry',
    country: 'DE',
    city: 'Heidelberg',
    domain: 'organovia.example',
  },
  {
    name: 'Pluripotent Therapeutics',
    sector: 'industry',
    country: 'US',
    city: 'San Diego',
    domain: 'pluri.example',
  },
  { name: 'CellForge Bio', sector: 'industry', country: 'GB', city: 'Oxford', domain: 'cellforge.example' },
  {
    name: 'Sakura Regenerative Medicine',
    sector: 'industry',
    country: 'JP',
    city: 'Osaka',
    domain: 'sakura-rm.example',
  },
  {
    name: 'A*STAR Genome Institute',
    sector: 'government',
    country: 'SG',
    city: 'Singapore',
    domain: 'astar.example',
  },
  {
    name: 'Shanghai Institute of Biochemistry and Cell Biology',
    sector: 'academia',
    country: 'CN',
    city: 'Shanghai',
    domain: 'sibcb.example',
  },
  {
    name: 'University of Toronto',
    sector: 'academia',
    country: 'CA',
    city: 'Toronto',
    domain: 'utoronto.example',
  },
  {
    name: 'National Institutes of Health',
    sector: 'government',
    country: 'US',
    city: 'Bethesda',
    domain: 'nih.example',
  },
  {
    name: 'Monash University',
    sector: 'academia',
    country: 'AU',
    city: 'Melbourne',
    domain: 'monash.example',
  },
  {
    name: 'University of Cape Town',
    sector: 'academia',
    country: 'ZA',
    city: 'Cape Town',
    domain: 'uct.example',
  },
  {
    name: 'Universidade de São Paulo',
    sector: 'academia',
    country: 'BR',
    city: 'São Paulo',
    domain: 'usp.example',
  },
];

/** Research topics for job titles and descriptions: a label and the words a searcher types. */
export interface JobTopic {
  label: string;
  detail: string;
}

export const JOB_TOPICS: readonly JobTopic[] = [
  {
    label: 'Intestinal Organoids',
    detail:
      'patient-derived intestinal organoids to model inflammatory bowel disease and colorectal cancer, using live imaging and CRISPR screens',
  },
  {
    label: 'Kidney Organoids',
    detail: 'kidney organoids differentiated from human iPSCs to study nephron patterning and drug toxicity',
  },
  {
    label: 'Brain Organoids',
    detail:
      'cerebral organoids and assembloids to study human cortical development and neurodevelopmental disorders',
  },
  {
    label: 'iPSC Disease Modelling',
    detail:
      'induced pluripotent stem cells (iPSC) from patient cohorts to model cardiomyopathies and neurodegeneration',
  },
  {
    label: 'Hematopoietic Stem Cells',
    detail: 'hematopoietic stem cell self-renewal, clonal hematopoiesis and bone marrow niche signalling',
  },
  {
    label: 'Gene Editing',
    detail: 'base and prime editing of human stem cells, off-target analysis and delivery for gene therapy',
  },
  {
    label: 'Cell Therapy Manufacturing',
    detail: 'GMP manufacturing of iPSC-derived cell therapies, process development and release assays',
  },
  {
    label: 'Cardiac Regeneration',
    detail:
      'cardiomyocyte proliferation, engineered heart tissue and regeneration after myocardial infarction',
  },
  {
    label: 'Neural Stem Cells',
    detail: 'adult neural stem cells, neurogenesis and glial lineage decisions in health and disease',
  },
  {
    label: 'Pancreatic Beta Cells',
    detail: 'differentiation of stem cell-derived beta cells for type 1 diabetes and islet replacement',
  },
  {
    label: 'Single-Cell Genomics',
    detail: 'single-cell RNA-seq, spatial transcriptomics and lineage tracing of stem cell differentiation',
  },
  {
    label: 'Liver Regeneration',
    detail: 'hepatocyte and cholangiocyte plasticity, liver organoids and regeneration after injury',
  },
  {
    label: 'Epigenetic Reprogramming',
    detail: 'chromatin regulation during reprogramming to pluripotency and partial reprogramming in ageing',
  },
  {
    label: 'Retinal Regeneration',
    detail: 'retinal organoids and photoreceptor replacement therapies for inherited blindness',
  },
  {
    label: 'Muscle Stem Cells',
    detail: 'satellite cell biology, muscle regeneration and therapies for muscular dystrophy',
  },
  {
    label: 'Germline Stem Cells',
    detail: 'germ cell specification, in vitro gametogenesis and the ethics of embryo models',
  },
];

export const SALARY_CURRENCY: Record<string, string> = {
  US: 'USD',
  GB: 'GBP',
  DE: 'EUR',
  FR: 'EUR',
  NL: 'EUR',
  IT: 'EUR',
  ES: 'EUR',
  AT: 'EUR',
  BE: 'EUR',
  IE: 'EUR',
  FI: 'EUR',
  CH: 'CHF',
  JP: 'JPY',
  CN: 'CNY',
  SG: 'SGD',
  CA: 'CAD',
  AU: 'AUD',
  SE: 'SEK',
  DK: 'DKK',
  ZA: 'ZAR',
  BR: 'BRL',
};

/** Rough annual-salary multipliers from USD, so ranges look plausible in each currency. */
export const CURRENCY_FACTOR: Record<string, number> = {
  USD: 1,
  GBP: 0.65,
  EUR: 0.75,
  CHF: 0.95,
  JPY: 120,
  CNY: 5,
  SGD: 1.1,
  CAD: 1.2,
  AUD: 1.3,
  SEK: 8,
  DKK: 6,
  ZAR: 10,
  BRL: 3,
};
