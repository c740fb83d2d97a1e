import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { fr } from './fr';

// French and English; the browser's language by default, a choice in the header overrides it. The
// choice is the only thing the app keeps in the browser outside a synced account's store: it says
// nothing of any account.

export const languages = ['fr', 'en'] as const;
export type Language = (typeof languages)[number];
const storageKey = 'ilot.language';

function browserLanguage(): Language {
  for (const tag of navigator.languages) {
    const base = tag.slice(0, 2).toLowerCase();
    if ((languages as readonly string[]).includes(base)) return base as Language;
  }
  return 'en';
}

function chosen(): Language | null {
  const value = localStorage.getItem(storageKey);
  return (languages as readonly string[]).includes(value ?? '') ? (value as Language) : null;
}

void i18next.use(initReactI18next).init({
  resources: { fr: { translation: fr }, en: { translation: en } },
  lng: chosen() ?? browserLanguage(),
  fallbackLng: 'en',
  // React escapes what it renders.
  interpolation: { escapeValue: false },
});
document.documentElement.lang = i18next.language;
i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

export function chooseLanguage(language: Language): void {
  localStorage.setItem(storageKey, language);
  void i18next.changeLanguage(language);
}
