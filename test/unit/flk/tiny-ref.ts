import type { InsuranceCompany, MedicalOrganization, ReferenceData, Region } from '../../../shared/reference/types.js';

const region = (code: string, name: string, timeZone: string): [string, Region] => [code, { code, name, timeZone }];
const mo = (code: string, regionCode: string): [string, MedicalOrganization] => [
  code,
  { code, region: regionCode, name: `МО ${code}`, primaryCare: true, dayHospital: false, specializedInpatient: false },
];
const smo = (code: string, regionCode: string): [string, InsuranceCompany] => [code, { code, region: regionCode, name: `СМО ${code}` }];

/** A hand-made НСИ for unit tests: three regions, two MOs and two SMOs in 77, one of each in 23. */
export const tinyRef: ReferenceData = {
  version: 'test',
  regions: new Map([region('77', 'Москва', 'Europe/Moscow'), region('23', 'Краснодарский край', 'Europe/Moscow'), region('39', 'Калининградская область', 'Europe/Kaliningrad')]),
  mos: new Map([mo('771001', '77'), mo('771004', '77'), mo('231001', '23')]),
  smos: new Map([smo('77008', '77'), smo('77011', '77'), smo('23001', '23')]),
  bedProfiles: new Map([
    ['19', { code: '19', name: 'Кардиологические для взрослых' }],
    ['61', { code: '61', name: 'Хирургические для взрослых' }],
  ]),
  hospitalizationReasons: new Map([['01', { code: '01', name: 'Нет медицинских показаний к госпитализации' }]]),
  isChronicDisease: (code) => /^(I1[0-5]|E11)/.test(code),
  isDispensaryDisease: (code) => /^(I1[0-5]|E11)/.test(code),
  isIcd10: (code) => /^[A-Z]\d{2}(\.\d{1,2})?$/.test(code),
};
