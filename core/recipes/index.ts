/** The recipe catalogue's public surface: the recipes, lookup by name, their data sources, and joining a recipe's files. */
export { joinTableFiles } from './files.ts';
export {
  type LocalizedText,
  RECIPES,
  type Recipe,
  type RecipeDataset,
  type RecipeResult,
  type ReferenceFigure,
  recipeByName,
  recipeSpec,
} from './recipes.ts';
export {
  type RecipeDataFile,
  type RecipeSources,
  recipeDataFile,
  recipeSampleFile,
  recipeSources,
} from './sources.ts';
