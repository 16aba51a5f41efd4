import { HomeView } from '@/docs/HomeView';
import { requireAccount } from '@/server/pageAccount';

export default async function HomePage() {
  await requireAccount('/');
  return <HomeView />;
}
