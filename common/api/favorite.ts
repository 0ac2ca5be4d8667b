// Favorites.
export interface FavoriteDto {
  id: string;
  user_id: string;
  foreign_key: string;
  foreign_model: 'Resource';
  created: string;
}
