/** The five subject types of the "536" layout (信用主体), with their API codes and Chinese names. */
export const SUBJECT_TYPES = {
  GOVERNMENT: { name: '政府机构', nameEn: 'Government agency' },
  ENTERPRISE: { name: '企业', nameEn: 'Enterprise' },
  INDIVIDUAL: { name: '个人', nameEn: 'Individual' },
  INSTITUTION: { name: '事业单位', nameEn: 'Public institution' },
  SOCIAL_ORG: { name: '社会组织', nameEn: 'Social organization' },
} as const;

export type SubjectType = keyof typeof SUBJECT_TYPES;
export const SUBJECT_TYPE_CODES = Object.keys(SUBJECT_TYPES) as SubjectType[];

/** Sub-types that matter downstream (个体工商户 and 合作社 stay enterprises, DOMAIN §2). */
export const SUBJECT_SUB_TYPES = {
  COMPANY: { type: 'ENTERPRISE', name: '企业法人及其他企业' },
  SOLE_TRADER: { type: 'ENTERPRISE', name: '个体工商户' },
  FARMER_COOPERATIVE: { type: 'ENTERPRISE', name: '农民专业合作社' },
  AGENCY: { type: 'GOVERNMENT', name: '机关' },
  PUBLIC_INSTITUTION: { type: 'INSTITUTION', name: '事业单位' },
  MILITARY_INSTITUTION: { type: 'INSTITUTION', name: '军队单位' },
  SOCIAL_GROUP: { type: 'SOCIAL_ORG', name: '社会团体' },
  PRIVATE_NON_ENTERPRISE: { type: 'SOCIAL_ORG', name: '民办非企业单位' },
  FOUNDATION: { type: 'SOCIAL_ORG', name: '基金会' },
  OTHER_ORG: { type: 'SOCIAL_ORG', name: '其他组织' },
  RESIDENT: { type: 'INDIVIDUAL', name: '居民' },
} as const satisfies Record<string, { type: SubjectType; name: string }>;

export type SubjectSubType = keyof typeof SUBJECT_SUB_TYPES;

/** Registration status (登记状态). */
export const SUBJECT_STATUSES = {
  ACTIVE: '存续',
  REVOKED: '吊销',
  CANCELLED: '注销',
  DISSOLVED: '撤销',
} as const;

/** Roles of a person towards an organisation. */
export const RELATION_ROLES = {
  LEGAL_REPRESENTATIVE: '法定代表人',
  PRINCIPAL: '主要负责人',
  SHAREHOLDER: '股东',
  DIRECTOR: '董事',
} as const;
