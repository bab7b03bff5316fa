/** n3 ships no type declarations; ontology.ts types the one class it uses where it loads the module. */
declare module 'n3';
