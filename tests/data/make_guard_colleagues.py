"""Write tests/data/guard-colleagues.jsonl: a synthetic, labelled corpus for the identifier guard.

Everything is invented. Three groups of chat posts, as a UK children's social care team would write them:

* ``colleague``: thanks and praise that name colleagues of the demo county (examples/demo-org.yaml).
  They must pass the guard.
* ``child``: posts that make a child or family member identifiable. About half use a first name that a
  colleague also has (Sam, Jo, Priya, ...) as the child's or relative's name. They must be blocked.
* ``clean``: practice talk that names nobody. It must pass.

Run ``python tests/data/make_guard_colleagues.py``. The output is deterministic: the structured identifiers
come from a seeded ``random.Random`` and NHS numbers always carry a valid mod-11 check digit.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

OUT = Path(__file__).with_name("guard-colleagues.jsonl")
SEED = 20260517

# Staff of the demo county whose first names are re-used as children's or relatives' names.
STAFF_FIRST_NAMES = [
    "Jo",
    "Ruth",
    "Sam",
    "Ali",
    "Priya",
    "Tom",
    "Grace",
    "Dan",
    "Hannah",
    "Leo",
    "Aisha",
    "Ben",
    "Chloe",
    "Femi",
    "Gemma",
    "Isaac",
    "Jade",
    "Kiran",
    "Lucy",
    "Mark",
    "Nina",
    "Omar",
    "Paula",
    "Helen",
    "Paul",
]

# One post per line. A line that starts with four spaces continues the post above it.
# In CHILD, a post that starts with "* " uses a staff first name for the child or family member.
# {placeholders} are filled with fresh invented identifiers (see FILLERS).

COLLEAGUE = """
Thanks Sam for the brilliant danger statement on Tuesday :tada:
Sam and Priya ran a great mapping session this morning, the whole team left with a plan.
Shout out to Jo for helping Ali with the safety plan when the deadline was tight.
Kiran's scaling questions really helped the family see how far they've come.
Grace chaired the network meeting so calmly, even when things got heated.
Huge thanks to Femi and Gemma for covering the conference at short notice 🙏
Lucy, your words and pictures for the family were lovely. Mum cried (the good kind).
Big up Omar for covering duty all week!
Mark made the family feel heard. That's the whole job really.
@tom.wright thank you for the group supervision today, best one yet.
Priya's danger statement was so clear that the family read it out loud at the meeting.
Can we all take a moment to appreciate Hannah Lowe? Three seminars in one month and every one of them packed.
Thank you <@U0DEMO017> for the three houses training, I used it the very next day.
Really proud of Dan this week: first family network meeting chaired solo, and it went brilliantly.
Nina and Paula turned a stuck case around with one mapping session. :clap:
Aisha — the safety goal you wrote with dad was spot on.
Leo's reflections in group supervision made me rethink how I write bottom lines.
Kudos to Chloe Evans and Ben Carter for getting the Central practice week off the ground.
Isaac, thank you for sitting with me after that visit. It meant a lot.
Ruth's appreciative inquiry session was the highlight of my week
Shout out to <at>Gemma Hart</at> for the safety planning workshop, really practical.
Jade did the words and pictures with the children and they asked to keep a copy.
Helen from health visiting joined the network meeting and brought so much. Thanks Helen!
Paul Colby from the West Constabulary safeguarding unit joined our mapping; great to have police in the room.
Thank you Ali for backing the team through a hard week. We noticed.
Gemma and Isaac co-chaired the FNM and the family said it was the first meeting where they felt listened to.
Femi's case map is now the example we use in induction :star:
Tom, Dan and Grace: King's Lynn Assessment smashed it this month.
Congratulations Kiran on passing the advanced Signs of Safety practitioner course! 🎓
Sam's scaling question at the end of the meeting ("where are we now, 0 to 10?") changed the whole mood.
A massive thank you to Lucy Nolan for pulling together the East locality celebration event.
Omar, Paula and Nina have now done words and pictures with every child on the team's caseload. Incredible.
Jo Baker led the practice week planning and somehow kept twenty people on track. Thanks Jo!
Big thanks @priya.shah and @sam.okafor for the appreciative inquiry write-up.
Hannah helped mum feel heard when nobody else had managed it.
Well done Mark on your first CP conference report in SofS format: clear, kind and honest.
Ben's group supervision on Thursday was exactly what I needed.
I want to thank Chloe for the way she supported the team after the inspection.
Ruth Adeyemi, our principal social worker, sat in on the mapping and said it was the best she'd seen
    this year.
Nice one Dan!! The safety network went from two people to eight.
Grace's calm voice at the conference kept dad in the room. Thank you.
Leo and Aisha sorted the Fakenham seminar room, projector and biscuits included 🍪
Appreciation post for Isaac Kerr, who mentored three ASYEs this year.
Shout out to Jade for her danger statement clinic, I came away with a rewrite I'm proud of.
Thanks to Priya, the family now have their safety plan in two languages.
Femi took the time to explain the safety goal to the grandparents in plain language. Thanks Femi.
Everyone say thank you to Paula for the cake AND the case mapping template!
Kiran and Lucy presented at the regional gathering today and did Northshire proud.
Omar's idea to use a timeline on the wall for the family network meeting was genius.
Nina, your appreciative inquiry questions with the foster carers were thoughtful and brave.
Hats off to Helen Vickers for joining a 7pm network meeting so dad could attend after work.
Tom's feedback on my danger statement was honest and helpful, thank you.
Ali chaired a really respectful strategy discussion today. Everyone had a voice.
Shout-out to the Dereham team, especially Sam and Priya, for the most organised case mapping I've ever seen.
Thank you Gemma, Ben and Chloe for the Central locality seminar: great energy :zap:
Jo thank you thank you thank you for sorting the room booking!!
Massive well done to Aisha for her first words and pictures. The children loved the drawings.
Mark and Kiran visited together and the family said it felt like a team effort.
Lucy's three houses template is now on the intranet, go and grab it.
Dan Fletcher, star of the week ⭐ Covered two duty shifts and still made it to group supervision.
Hannah and Tom reviewed every danger statement in the locality. Beautiful work.
@isaac.kerr thank you for backing the team's decision to hold a family network meeting first.
So grateful for Grace Mensah's leadership this quarter.
Femi, Jade and Gemma: City CP team of the month :trophy:
Big thanks to Paul from the safeguarding unit, who explained the police view without any jargon.
Leo helped a very anxious mum get to the conference on time. Small kindness, big difference.
Can I give a shout out to Ruth for the practice standards refresh?
Omar stayed late so the foster carers could join the review after school pick-up. Thank you Omar.
Thanks Sam, that really helped today 🙏
Chloe's reflective questions in supervision are the best I've had in twenty years.
Priya and Jo, thanks for the handover. Seamless.
Shout out to Nina for helping Paula with the safety plan review.
Brilliant scaling from Kiran: the family moved the number themselves and explained why.
Isaac and Jade, thanks for stepping in at the conference. Dad said he finally understood the worries.
I learned so much shadowing Ben on his visit today. The way he asked about the safety network
    was really natural.
Welcome back Gemma! We missed your case maps.
Aisha's words and pictures made the grandparents smile for the first time in months.
Thanks Tom Wright for leading the West practice leaders' call, concise and useful as ever.
Mark, the family asked me to pass on a thank you for your patience. So: thank you!
Lucy and Omar ran a great joint session for East and Broads. More of this please.
Shout out to <@U0DEMO008> for the cracking danger statement this morning.
A big thank you to Helen for the health visiting perspective at today's mapping.
Dan and Grace have rewritten the assessment template in plain English 👏
Congratulations to Jade Moss on her promotion to senior practitioner! :tada: :tada:
Hannah, the seminar on safety goals was brilliant. Can we have part two?
Sam chaired a network meeting with eleven people and everyone left with a job.
Femi brought such warmth to the appreciative inquiry; the family really opened up.
Kiran, Nina and Lucy – East locality leaders doing the work :muscle:
Thanks Ruth and Jo for championing practice week with the directors.
Paula made the foster carers feel part of the team. That's not easy.
Omar's gentle approach with dad made all the difference at the review.
Isaac Kerr and Gemma Hart, thank you for making City Child Protection such a supportive place to work.
Little thank you to Leo for the biscuits in group supervision. Priorities.
Ben and Femi co-wrote the safety plan with the family at the kitchen table. Exactly how it should be.
Well done Ali on a brilliant management team meeting.
Shout out to Priya for helping a 12 year old write her own safety plan.
Chloe and Isaac: thank you for the feedback on the practice framework.
Gemma's danger statements clinic was standing room only today!
Grace and Tom covered each other's duty so both could attend training. Teamwork.
Thank you Jade for the calm handover on Friday night.
<at>Kiran Patel</at> thank you for sharing the scaling tool with the Coastal team.
Everyone please thank Mark for running the tea rota for a whole year 😂
Aisha, Leo and Hannah: Fakenham CIN were brilliant at the inspection.
Really thoughtful case mapping from Dan, he spotted the existing safety nobody had written down.
Thanks Paul for bringing the police perspective to our group supervision.
Lucy kept the meeting on track while making sure mum's voice was in every section.
Jo, you're a star. Practice week would not have happened without you.
Nina's training session for foster carers got rave reviews.
Sam helped dad write his own words about the worries. Powerful stuff.
Omar and Paula supported a young person to chair part of her own review. Brilliant!
Big thanks @ruth.adeyemi for the PSW briefing this morning.
Tom's mapping with the school was so well done, even the head teacher was scaling.
Femi Ade, thank you for the safety network workshop. Eight of us signed up for the next one.
Priya, thanks for taking notes in group supervision so I could focus.
Kudos to Ben for his first appreciative inquiry write-up on the intranet.
Gemma and Jade worked with the family so patiently that the children now ask when they're coming back.
Hannah Lowe and Leo Marsh ran the CIN team away day beautifully.
@grace.mensah @dan.fletcher thank you both for the extra duty cover.
Thanks to Helen and Paul, the partner agencies were properly in the room this time.
Isaac's supervision notes are a model of SofS: what's working, worries, next steps.
:tada: Ali and Sam got the Dereham danger statements audit finished a week early.
When Chloe asked dad "what would your mum say is going well?", the whole room shifted. Masterclass.
Shoutout: Nina + Omar + Paula = the Broads CIC dream team.
Priya Shah, thank you for translating the safety plan summary for the network. Above and beyond.
Can I just say how much I appreciated Tom and Grace today. The conference was tense, dad walked out twice,
    and both times they brought him back in with real kindness and no judgement. Proper Signs of Safety practice.
Group supervision with Ben this morning: he asked us to scale how stuck we felt, then walked us through the three
    columns until we'd found existing safety nobody had written down. Thank you Ben!
Huge thanks to Aisha, Leo and Hannah for the Fakenham family network meeting marathon this week: three FNMs in
    three days, every network bigger than when you started.
Shout out to @kiran.patel, who gave up a lunch break to help me rewrite a danger statement that had grown to a full
    page. It's now four sentences and mum says it's the fairest thing anyone has written.
Femi, I know you don't like a fuss, but the way you explained the safety goal to the grandparents, slowly and
    without a single acronym, was a masterclass.
Massive thank you to Jo Baker and Ruth Adeyemi for getting practice week signed off: seminars, mapping clinics and
    appreciative inquiry in every locality :tada:
Cheers Omar, you're a legend.
Nice work today, Paula! :star:
"""

CHILD = """
* Sam (7) told us about his worries using the three houses. So brave.
* Sam's mum joined the network meeting for the first time today :tada:
* Sam, aged 4, drew his three houses and put his nan in the house of good things.
* Little Sam loved the words and pictures, he asked for a copy to keep under his pillow.
* Jo, who is on a CP plan, chose who sat next to her at conference.
* Ben's nan has agreed to be in the safety network :heart:
* Leo's stepdad came to the FNM and said sorry to the family in front of everyone.
* Grace and her foster carer wrote the safety plan together over pizza.
* Chloe's school (St Edmund's CE Primary) sent a glowing report this week.
* Priya lives with her dad at 12 Elm Road now and loves having her own room.
* Tom (14) scaled his safety at 8 today, up from 3 in March.
* Hannah's grandad has taken on the school runs as part of the safety plan.
* Ali, 11, chaired part of his own review and asked the adults to stop using jargon.
* Aisha and her younger brother drew the safety house together. Mum pinned it on the fridge.
* Dan's dad rang to say he wants to be part of the safety network. Massive.
* Lucy (born {dob}) is moving to a new foster placement on Friday.
* Nina's aunty is now her kinship carer. What a journey.
* Jade, 15, wrote her own danger statement. Better than mine, honestly.
* Words and pictures for Ben and his sisters finished today; Mum read it to them at bedtime.
* Kiran (6) told his teacher at Hollybrook Infant School about the house of worries.
* Mark's mum said the safety goal is the first thing she's understood in two years.
* Leo, aged 9, wants his grandad at every network meeting from now on.
* Grace's stepmum brought the whole family to the FNM.
* Great news: Femi and his two brothers are going home to Mum next week.
* Omar's school (Fenland Gate Academy) has agreed to be part of the safety network.
* Paula's foster carer says she has settled brilliantly and joined the school choir.
* Jo (12) and her sister did the three houses with me today. Lots of laughter.
* Isaac's nan, Mrs Whitlow, is the new kinship carer and the children are thrilled.
* Sam Hollis (8) came off the CP plan today. Dad cried.
* Chloe lives at 7 Kestrel Way with mum and her baby brother; the safety plan is on the fridge.
* Ben, 5, said his safe person is Uncle Ray. Adding him to the network.
* Tom's grandad (the one who fixes bikes) has joined the safety network.
* Priya was born on {dob} and needs a passport for the school trip.
* Hannah, 16, wants to write her own safety plan. We said yes!
* Ali's stepdad has completed the Caring Dads course :clap:
* Dan (10) asked if his words and pictures could be read out at the conference.
* Aisha's mum has moved to 3 Birch Close, so tomorrow's visit is there at 10.
* Great FNM for Gemma and her siblings. Eight adults made commitments to keep her safe.
* Lucy's brother Jack came to the network meeting to support her. Only 19 and so mature.
* Nina (DOB {dob}) is starting at Sandy Lane Primary in September.
* Jade's dad has been sober for 100 days and came to the network meeting :tada:
* Kiran and his foster carer chose the colours for his safety house.
* Mark, aged 13, told the IRO he feels safe with his aunty.
* Sam's foster carer sent photos of the three houses he made out of Lego.
* Jo's grandma is now on the safety network and does Wednesday tea.
* Ben Gotts (7) moved to Riverside Primary School and loves it.
* Leo is 3 and lives with his mum and nan at Flat 2, 18 Harbour Street.
* Grace (17) is leaving care this summer and wants to write her pathway plan in SofS style.
* Tom and his little sister Ivy scaled their worries together: 6 and 7!
* Chloe, 8, drew her dad in the house of good things for the first time.
* Priya's mum wants the danger statement in Gujarati. Sorting an interpreter.
* Omar (4) and his baby sister are staying with their nan while mum is in hospital.
* Isaac, aged 15, chose the people for his safety network himself.
* Femi's aunty flew in from Lagos for the family network meeting!
* Paula, 9, wrote "I want to stay with Nanny" in her house of dreams.
* Dan's nan wants to host the FNM at her place, 22 Cromer Road. Tea and cake promised.
* Gemma's foster carers have agreed to long-term fostering. Forever home! ❤️
* Hannah and her brother Alfie made a words and pictures book for their little cousin.
* Mum (Jade) signed the safety plan today and put it on the fridge herself.
* Dad, Tom Brackley, now phones in to every network meeting from work.
* Aisha (d.o.b. {dob}) is on the CP plan under {lcs}.
* Helen's mum asked for the minutes at {em}, a first!
* Kiran's dad's NI number is {ni} for the benefits form. He's got the job!
* Ruth Pardoe is 14 and has finally got a place at Marshgate High School.
* Jo's foster carer can be reached on {ph} if the taxi is late.
* @sam.okafor Ali (6) asked if you're coming to the review on Friday.
* <@U0DEMO019> Lucy (5) loved your visit and drew you in her house of good things!
* Grace's NHS number is {nhs_fw}, for the CAMHS referral. She's been so brave.
* Family network meeting for Ben and his nan at {pc_zw} on Thursday, parking round the back.
* Three houses with <https://example.org/stories/42|Leo (8)> today. His house of dreams had a trampoline.
* So proud of :sam_7: who read his own words and pictures to the conference!
* Priya's DOB is {dob_young_zw}, needed for the nursery form. She starts next week :tada:
* Nan (Paula) has agreed to have the children every Tuesday and Thursday after school.
Kayden (6) did his three houses today and put his nan in the house of good things.
Ivy's mum has joined the safety network. Huge step for her.
Tiago, aged 11, is now at Westgate Academy and loving it.
Maisie was born {dob_young}, adding it to the nursery referral.
Harley and his stepdad came to the FNM together for the first time.
Poppy's NHS number is {nhs} for the CAMHS referral. And she's smiling again!
Alfie lives with his grandad at 44 Mill Lane, {pc}.
Ruby (DOB {dob}) has her first overnight stay with mum this weekend :tada:
Freddie's dad's NI number is {ni}, for the benefits check. He's got a job!
Case {lcs} closed today after 18 months. The family did the hard work.
Amelia's foster carer is on {ph} if anyone needs her before the review.
Mum's e-mail for the minutes is {em}. She asked for them herself this time!
Oscar Pegg, 9, says he wants his aunty on the safety network.
Visit at {pc} tomorrow: the family are hosting the network meeting in their garden.
Lexi's school, Hemsby Green Primary, have been brilliant about the safety plan.
Mason (3) and his sister Evie are back with mum as of today :heart:
Archie's grandad, Keith Dunmore, is now a named person on the plan.
Tia lives with her aunty at Flat 4, 9 Quay Street, and says it's the calmest she's felt.
Danger statement agreed for {ncc} today, and Dad wrote the safety goal himself.
Logan was born {dob_young}. His mum wants the date on the words and pictures book.
Bella's stepdad rang at 8am to say he'd be at the conference. He was!
Reggie (14) scaled his safety at 9 and explained exactly why. Brilliant.
Phone for nan is {ph}, she's the first call on the safety plan now.
Skye's nan and grandad are hosting the FNM at 15 Orchard Close.
Ellis, 10, goes to Broadwater Junior School and his teacher joined the mapping.
Darcy's words and pictures were read at conference; Mum asked for a laminated copy.
Bobby's NHS no. {nhs_plain}, for the dental referral. Small thing, big win.
Kacey (16) wants her boyfriend's mum on the safety network.
Jaxon Mortlock's dad finished the parenting course today :clap:
Mosaic ID {mosaic}: the family chose their own bottom lines. Proud of them.
Updated contact for mum: {em} and {ph}.
Zara, aged 7, said her safe people are her big sister and Auntie Jas.
Amelia's foster carer lives at 2 Willow Walk, {pc}; review is there on Monday.
Harvey Drane (DOB {dob}) did the three houses at school today.
NI no. {ni} (Dad), for the housing form. He's moved in with his brother.
Poppy and her brother Tyler are going home to Dad next week!
Maisie's nursery (Little Acorns, Fakenham) is now part of the safety network.
Tiago's mum, Ana, joined the network meeting by video from Lisbon.
Case no. {mosaic}: Nan has agreed to move in for a month. What a network.
Kayden's brother Jayden (13) wants to be on the safety network too.
Ivy (5) and her foster carer made a safety house out of a cardboard box.
Freddie lives with his dad at 31 Station Road, {pc}, and walks to school now.
Ruby's DOB {dob} for the health assessment form; she's thriving.
Evie Catchpole, 12, has joined the school council at Saltmarsh Academy!
DOB {dob}, NHS {nhs_dash}, postcode {pc}: for the transport booking. He's going on the residential!
Archie's e-mail to the IRO was from his mum's address, {em}, so sending the minutes there.
Logan (6) asked his nan to sit next to him at the FNM.
Emailing the minutes to {em_spell} as Dad asked.
Oscar's NHS number came through as {nhs_sp}; the red book is complete at last.
Reggie's dad's mobile is {ph_zw}, he wants reminders for the meetings.
Tia's case ref is {lcs_zw} if anyone needs the safety plan.
Lexi (DOB {dob_fw}) came off the CP plan today. Mum made cupcakes.
New address for mum: Flat 6, 10 Gull Row, {pc_fw}. Keys today, kids chose the wallpaper.
Ring nan on {ph_sp} to confirm the network meeting time.
Thanks @gemma.hart, Kacey (16) said your visit was the first time she felt listened to.
Dad's NI number for Mason's housing form is {ni_zw}, and he's finally got his benefits sorted.
:kayden_6: was the star of the network meeting today :tada:
<https://example.org/family/tiago|Tiago (11)> chose his own safety people. Lovely.
Jaxon (9) and his nan live at 5 Plover Drive and have planted a safety garden!
Bella Thurlow, born {dob}, is moving schools in January.
Skye's mum phoned from {ph} to say the plan is working.
Ellis's grandad, Pete, has agreed to be the safety person for Saturdays.
Darcy (8) lives with her nan at 27 Beacon Hill and loves her new bedroom.
Visit at Riley's home, {pc}, went brilliantly; he showed me his safety house.
Kacey's foster carer, Brenda Lusher, is the new named person on the plan.
Bobby, 4, moved to Rainbow Nursery this week and settled in straight away.
Zara's stepdad ({em}) wants the danger statement sent to him before Thursday.
* Really lovely appreciative inquiry with the family today. Sam (9) said the thing that helped most was when his
    nan started picking him up from school every day, so the safety plan now says exactly that.
* Network meeting for Grace went brilliantly: her aunty, her grandad, two neighbours and her football coach all
    came. Grace, who is 12, chose where everyone sat and read out her own words at the end.
* Chloe's dad, Mark, rang to say he's finished the course and wants to be part of the safety plan. Eighteen months
    ago he wouldn't open the door to us. What a change.
* Happy 6th birthday to little Ben :birthday:
Family network meeting for Maisie and her brothers is at 23 Heron Way, {pc} on Thursday at 4pm. Mum asked for the
    invites to go to {em} and said she'd make sandwiches for everyone.
Good news story from the Coastal team: Riley Gowing, who's 10, has gone from refusing to come to meetings to
    chairing the first ten minutes of his own review. He told everyone his scaling number was 8.
Admin dump, sorry: mum's NI {ni}, phone {ph}, e-mail {em}, new postcode {pc}. Celebration bit: she's got the
    tenancy and the kids move in on Saturday!
Kayden's nan is coming tomorrow.
"""

CLEAN = """
Signs of Safety tip: write the danger statement so a ten year old could read it.
Group supervision is Thursday 14/05 at 10:00 in Room 3.02, County Hall.
A 7 year old boy told us his safe person was his teacher. Three houses works.
Reminder: no names, DOBs, NHS numbers or postcodes in this channel please :pray:
Section 47 enquiries in the West locality are down since the family network meeting pilot started.
Tip: ask "what would your mum say is going well?" before you ask about the worries.
The Central seminar is on the second Wednesday, 13:00-15:00. Bring a case you're stuck on.
Scaling today went from 2 to 6 over one meeting. The family did that, not us.
Children Act 1989, section 17: a good reminder that support comes first.
Case mapping at 14:00 on Friday. Tea provided, bring your own stuck case.
Quick stat: 84% of children on CP plans in the East locality now have words and pictures.
The safety plan template has been updated on the intranet under Practice > Tools.
A 15 year old girl wrote her own safety goal this week and it was better than ours.
Group supervision reflection: we spend too long on the worries and not enough on existing safety.
Teams meeting ID 482 173 559 024, passcode Xk7pQ2, for Tuesday's mapping session.
If the family can't read the plan back to you, it's too long.
Child A (8) and Child B (5) both chose their nan as their safe person. Pseudonyms only in the write-up please.
Dereham Family Support are running a drop-in on danger statements next Tuesday at 10:00.
The King's Lynn Assessment team has moved to the second floor, room 2.14.
Appreciative inquiry question of the week: what did you do that made the difference?
Working Together 2023 is really clear that families are partners in planning.
Three houses, words and pictures, safety house: which tool do you reach for first?
Fakenham Children in Need are celebrating 12 months of danger statements in every assessment :tada:
Mark your diaries: practice week is 09/11 to 13/11.
Network meetings work best when the family chooses the venue.
Remember to scale at the start AND at the end of the meeting.
The Broads Children in Care team have a new foster carers' group starting in March.
What's working well, what are we worried about, what needs to happen? Still the best three questions.
Riverside children's centre have offered us their big room for family network meetings.
Dad said today that the danger statement was "the first honest thing anyone's written about us".
Safety goal tip: describe what the adults will do, not what the child will stop doing.
Ext. 4417 is the new number for the duty desk; please update your signatures.
Policy reminder: the updated threshold document went live on 01/04.
A mum asked if she could keep the case map we drew at her table. Yes, always.
The mapping template has 3 columns. The family can use it too.
Coastal Family Support have hit 100% of CIN plans with a safety goal. Well done all!
Bottom lines are not negotiable, but how we meet them is.
An 11 year old boy scaled his safety at 9 and explained why. Wow.
Training on group supervision is full; the next cohort is in September.
Please book the Northshire practice gathering by 30/06 if you want a place.
The words "NHS number" and "date of birth" should never appear in a celebration post with a value after them.
Reflection: I used to write "mum lacks insight". Now I write what I'm actually worried will happen.
City Assessment would love some help with the appreciative inquiry write-ups.
The grandparent in the network meeting brought homemade scones and changed the whole atmosphere.
Don't forget: every safety plan needs a named person for each rule.
Another 3 families stepped down to Early Help this month :clap:
Scaling confidence at group supervision: started at 4, finished at 8.
Section 20 review tomorrow at 11:30, City Child Protection room.
"Don't worry about the postcode, we'll find it" - said nobody ever on a rural visit.
Teenagers often prefer the safety house on a phone. Try the app version.
Good practice share: the safety plan was written in two languages so everyone in the network could read it.
The conference chair said it was the clearest plan she'd seen this year.
We held the FNM at the community centre at 6pm so working dads could come.
Today a 4 year old drew a dragon in her house of worries. We talked about what the dragon needed.
Mapping reminder: harm, complicating factors, existing safety, safety goal. In that order helps.
Seminar on safety planning with fathers: second Tuesday, East locality, 13:00.
A family of six, a network of fourteen. That's how the plan holds.
Quick poll: who has used the three houses with a child under five? :raised_hand:
Anyone got a good words and pictures example for a teenager? Pseudonymised, obviously.
The PLO pre-proceedings meeting ended with the family writing their own next steps.
KCSIE 2024 has a helpful section on schools joining safety networks.
Three years ago only 10 of us had done the two-day training. Now it's the whole locality.
Honest question for group supervision: when do we stop adding to the danger statement?
I loved hearing a 13 year old tell the conference what safety looks like for her.
Practice standards refresh: feedback by Friday 17:00 please.
The West management team meeting is moving to the first Wednesday of the month.
Hint for new starters: ask the family who they'd call at 2am. That's your network.
Nothing beats a safety plan with the family's own handwriting on it.
Social work is a team sport. Thank you everyone for this week 💙
Mentoring session on leading by questioning at 13:30 today.
The family asked to keep the scaling line we drew on the whiteboard, so we photographed it for them.
Wonderful FNM today: nine adults, two languages, one plan.
No need to bring the full record to case mapping. Just the worries, the strengths and the gaps.
Risk isn't the same as danger. Danger is about what will happen to the child.
The Early Help Hub have asked for a session on safety goals. Volunteers?
A dad who wouldn't speak to us in January chaired part of the network meeting today.
Central locality gathering: 40 practitioners, 12 case stories and a lot of tissues.
When the family disagree with the danger statement, write their view next to ours.
Signs of Safety isn't a form, it's a way of talking with families.
A 9 year old boy asked if he could come to his own conference. We said yes.
Appreciative inquiry works best when you ask about a single moment, not the whole case.
Feedback from the family survey: 71% said they understood why we were involved.
Room change: Monday's seminar is now in the Coastal office, same time.
Quick reminder that DOB and postcode fields in the referral form are mandatory.
The safety network grew from 2 to 9 people in six weeks. That's the family's work.
New parents' version of the danger statement guide is on the shared drive.
Supervision tip: start with what went well this week, even if it's small.
Big shout out to the whole Fakenham team for the inspection feedback :trophy:
Today's case mapping got us from "close it" to "one more network meeting" in 45 minutes.
Anyone else find the safety house works better than the three houses for teenagers?
Scaling the team's confidence in the new recording system: 3/10 and rising.
The IRO service is now using family-friendly language in every review. Brilliant.
Please don't paste case notes in here. Pseudonyms and ages only.
We were reminded today that a plan the family didn't write is our plan, not theirs.
It took grace and a lot of patience, but the family meeting went ahead.
Practice question: what does 10 look like on the safety scale for this family?
Annual practice survey closes on 28/02. Takes five minutes, honestly.
A grandmother in her eighties joined the network meeting on video. Never too late.
East locality reading group: chapter 3 of the original Signs of Safety book, next Thursday.
The safety goal was signed by everyone in the room, including the 14 year old.
Danger statements clinic: every other Friday, 10:00-12:00, King's Lynn office.
The best mapping sessions are the ones where someone says "hang on, what's actually working?"
A foster carer told us the words and pictures helped her explain things to the younger children.
Just back from the regional Signs of Safety gathering. So much energy in the room.
Parking at County Hall is closed on Wednesday; use the park and ride.
Tiny win: the family read the danger statement without a single question. That's plain English.
Case closures this quarter: 22, with zero re-referrals so far.
The safety plan review at week 6 is the one that matters most, in my experience.
Don't underestimate a cup of tea at the start of a network meeting ☕
Children in care council asked us to stop using "contact" and say "family time". Done.
Our team's new year resolution: a safety goal in every assessment by March.
Reflection from today's case mapping: we spent forty minutes on the worries and five on what's working. Next time
    I'm going to start with existing safety and see whether the danger statement changes.
Seminar write-up: the West locality session on safety planning with fathers had 23 people in the room, and the best
    question was "who does dad call when he's struggling?". Slides are on the intranet.
Lovely moment at today's network meeting when a 10 year old girl stood up, read her words and pictures to the room
    and then asked the adults to scale how safe they thought she was.
Tip for new starters: before your first FNM, ask the family to write down everyone they would call in an emergency,
    then ask who else. The second list is usually longer than the first.
Data from the quarterly audit: 91% of assessments had a danger statement, 78% a safety goal and 64% a scaling
    question with the family's own number. Great progress, and we know where to focus.
A 16 year old boy told the conference he wanted his safety plan on his phone, not on paper. Coastal Family Support
    have built a simple version and three teenagers are trialling it.
Today's danger statements clinic is cancelled.
Who's coming to the seminar? :raised_hand:
"""


_RNG = random.Random(SEED)
ZW = "\u200b"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
POSTCODE_OUTWARDS = ("NR19", "NR20", "NR21", "PE30", "PE31", "PE32", "NR27", "NR30", "NR31", "IP24", "IP25", "NR1")
POSTCODE_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
NINO_PREFIXES = ("AB", "CE", "HT", "JM", "KP", "LW", "PX", "RS", "SP", "WK", "YE", "EH")
PHONE_PATTERNS = ("07700 900{}", "01632 960{}", "0113 496 0{}", "020 7946 0{}", "+44 7700 900{}", "0161 496 0{}")
EMAIL_LOCALS = (
    "kerry.h84",
    "dazza_pegg",
    "nanjoan1952",
    "lisa.mum.of3",
    "shane_whitlow79",
    "tash.brackley",
    "mel_lusher",
    "jodie.gotts91",
    "carl.dunmore",
    "becks_thurlow",
    "stacey.m.home",
    "wayne.catchpole",
)
EMAIL_DOMAINS = ("example.org", "example.com", "example.net")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_counters = {"email": 0}


def nhs_digits() -> str:
    """Ten digits whose NHS mod-11 check digit is valid."""
    while True:
        body = [_RNG.randint(1, 9)] + [_RNG.randint(0, 9) for _ in range(8)]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(body)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, [*body, check]))


def nhs_is_valid(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 10:
        return False
    check = 11 - sum(d * (10 - i) for i, d in enumerate(digits[:9])) % 11
    return (0 if check == 11 else check) == digits[9] and check != 10


def nhs_grouped(sep: str = " ") -> str:
    n = nhs_digits()
    return f"{n[:3]}{sep}{n[3:6]}{sep}{n[6:]}"


def phone() -> str:
    return _RNG.choice(PHONE_PATTERNS).format(f"{_RNG.randint(0, 999):03d}")


def nino(spaced: bool | None = None) -> str:
    prefix = _RNG.choice(NINO_PREFIXES)
    digits = f"{_RNG.randint(0, 999999):06d}"
    suffix = _RNG.choice("ABCD")
    if spaced is None:
        spaced = _RNG.random() < 0.5
    if spaced:
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    value = f"{prefix}{digits}{suffix}"
    return value.lower() if _RNG.random() < 0.3 else value


def postcode() -> str:
    inward = f"{_RNG.randint(1, 9)}{_RNG.choice(POSTCODE_INWARD_LETTERS)}{_RNG.choice(POSTCODE_INWARD_LETTERS)}"
    value = f"{_RNG.choice(POSTCODE_OUTWARDS)} {inward}"
    style = _RNG.randint(0, 3)
    if style == 1:
        return value.replace(" ", "")
    if style == 2:
        return value.lower()
    return value


def email() -> str:
    i = _counters["email"]
    _counters["email"] += 1
    return f"{EMAIL_LOCALS[i % len(EMAIL_LOCALS)]}@{EMAIL_DOMAINS[i % len(EMAIL_DOMAINS)]}"


def email_spelled() -> str:
    local, domain = email().split("@")
    name, tld = domain.split(".")
    return f"{local} at {name} dot {tld}"


def dob(first_year: int = 2009, last_year: int = 2020) -> str:
    """A child's date of birth in one of several UK formats."""
    start, end = date(first_year, 1, 1), date(last_year, 12, 31)
    born = start + timedelta(days=_RNG.randint(0, (end - start).days))
    style = _RNG.randint(0, 4)
    if style == 0:
        return born.strftime("%d/%m/%Y")
    if style == 1:
        return born.strftime("%d.%m.%Y")
    if style == 2:
        return born.isoformat()
    if style == 3:
        return f"{born.day} {MONTHS[born.month - 1]} {born.year}"
    return f"{born.day}/{born.month}/{born.strftime('%y')}"


def lcs() -> str:
    return f"LCS-00{_RNG.randint(10000, 99999)}"


def zero_width(value: str) -> str:
    return ZW.join(value)


def spaced(value: str) -> str:
    return " ".join(c for c in value if c != " ")


FILLERS: dict[str, Callable[[], str]] = {
    "nhs": nhs_grouped,
    "nhs_plain": lambda: nhs_grouped(""),
    "nhs_dash": lambda: nhs_grouped("-"),
    "nhs_fw": lambda: nhs_grouped().translate(FULL_WIDTH),
    "nhs_sp": lambda: spaced(nhs_grouped()),
    "ph": phone,
    "ph_zw": lambda: zero_width(phone()),
    "ph_sp": lambda: spaced(phone()),
    "ni": nino,
    "ni_zw": lambda: zero_width(nino(spaced=False)),
    "pc": postcode,
    "pc_zw": lambda: zero_width(postcode()),
    "pc_fw": lambda: postcode().upper().translate(FULL_WIDTH),
    "em": email,
    "em_spell": email_spelled,
    "dob": dob,
    "dob_young": lambda: dob(2021, 2023),
    "dob_zw": lambda: zero_width(dob()),
    "dob_young_zw": lambda: zero_width(dob(2021, 2023)),
    "dob_fw": lambda: dob().translate(FULL_WIDTH),
    "lcs": lcs,
    "lcs_zw": lambda: zero_width(lcs()),
    "ncc": lambda: f"NCC-{_RNG.randint(100000, 999999)}",
    "mosaic": lambda: f"{_RNG.randint(1000000, 9999999)}",
}


# Welsh posts (issue 17), appended after the shuffled English ones as cy-0001 on so those keep their ids.
# The cue words are Welsh: ages ("7 oed", "9 mlwydd oed"), relations ("nain", "taid", "ei fam", "a'i frawd"),
# "yn byw gyda", "y plentyn" and Welsh-medium schools ("Ysgol Gymraeg Llanrug", "Ysgol y Garnedd").
WELSH_COLLEAGUE = """
Diolch i Grace am gadeirio'r cyfarfod rhwydwaith mor dawel.
Diolch yn fawr i Kiran am y sesiwn ar gwestiynau graddio.
Llongyfarchiadau i Priya ar orffen ei hyfforddiant!
Diolch i Jo a Sam am y gweithdy mapio ddoe.
Diolch i Ben am roi cymorth i mi ar ôl yr ymweliad anodd.
Llongyfarchiadau i Femi ar ei ymddeoliad, byddwn ni'n gweld dy eisiau!
Diolch i Hannah am rannu'r templed newydd gyda'r tîm.
Diolch i Leo am gyflwyno'r sesiwn goruchwyliaeth grŵp.
"""

WELSH_CHILD = """
Mae Cerys, 7 oed, yn byw gyda'i nain.
Aeth Osian i Ysgol Gymraeg Llanrug heddiw am y tro cyntaf.
Mae Osian, 9 mlwydd oed, wedi tynnu llun o'i dri thŷ.
Mae Cerys (7 oed) yn hapus iawn yn ei lleoliad newydd.
Aeth Gruffydd a'i frawd i aros gyda'u taid dros y penwythnos.
Roedd nain Elin yn y cyfarfod rhwydwaith am y tro cyntaf.
Roedd tad Macsen yn barod i siarad am y pryderon.
Mae Gwen yn byw efo'i thaid ers mis Medi.
Mae'r plentyn, Deio, yn dweud ei fod yn teimlo'n saff gartref.
Mae Sam, 6 oed, wedi dechrau yn Ysgol y Garnedd.
Mae mam Jo wedi cytuno i'r cynllun diogelwch.
Roedd Lowri a'i chwaer yn chwerthin drwy'r sesiwn tri thŷ.
Mae Alaw yn 4 oed ac yn mynd i Feithrinfa Seren Fach.
Mae Ben, 11 mlwydd oed, yn byw gyda'i dadcu yn Llanberis.
Mae Ifan yn y dosbarth derbyn yn Ysgol Gynradd Bontnewydd a'i fam yn poeni.
Roedd Tomos (3) a'i chwaer Nia yn ôl gyda mam heddiw.
Mae nain a taid Efa yn rhan o'r rhwydwaith diogelwch nawr.
Mae Dylan, sy'n 8 oed, wedi sgorio 7 ar y raddfa.
Mae'r babi, Mabli, yn aros gyda'i modryb am y tro.
Mae Priya, 5 oed, yn dweud bod ei mamgu yn ei chadw'n saff.
"""

WELSH_CLEAN = """
Roedd y map yn help mawr i'r tîm.
Mae'r cynllun diogelwch yn barod ar gyfer y cyfarfod ddydd Iau.
Cofiwch am y seminar ymarfer ddydd Mawrth am 10:00.
Roedd y teulu'n hapus gyda'r datganiad perygl newydd.
Mae'r plentyn 7 oed yn hapus gyda'i nain, yn ôl y gweithiwr cymdeithasol.
Aeth y plant i'r ysgol heddiw heb broblem.
Cawsom gyfarfod da yn Ysgol Gymraeg y bore 'ma.
Mae'r tîm wedi sgorio 8 allan o 10 ar y raddfa diogelwch.
Llongyfarchiadau i'r tîm yng Nghaernarfon!
Ydy pawb wedi darllen y canllaw ar eiriau a lluniau?
Mae'r rhwydwaith diogelwch yn tyfu bob wythnos.
Bydd y gweithdy tri thŷ ar gael yn Gymraeg o fis Ionawr.
Roedd y datganiad perygl yn glir ac yn fyr: da iawn bawb.
Mae'r teulu wedi dewis pwy sydd yn y rhwydwaith.
Mae'r templed mapio newydd ar y safle mewnrwyd.
"""


def posts(block: str) -> list[str]:
    """Split a block into posts; lines that start with four spaces continue the previous post."""
    out: list[str] = []
    for line in block.strip("\n").splitlines():
        if line.startswith("    ") and out:
            out[-1] += " " + line.strip()
        elif line.strip():
            out.append(line.strip())
    return out


def fill(text: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: FILLERS[m.group(1)](), text)


def build() -> list[dict[str, object]]:
    """All posts, filled, shuffled with a fixed seed (so groups are interleaved) and numbered col-0001 on."""
    drafts = [
        (group, fill(raw.removeprefix("* ")))
        for group, block in (("colleague", COLLEAGUE), ("child", CHILD), ("clean", CLEAN))
        for raw in posts(block)
    ]
    random.Random(SEED + 1).shuffle(drafts)
    welsh = [
        (group, raw)
        for group, block in (("colleague", WELSH_COLLEAGUE), ("child", WELSH_CHILD), ("clean", WELSH_CLEAN))
        for raw in posts(block)
    ]
    random.Random(SEED + 2).shuffle(welsh)
    return [
        {"id": f"col-{n:04d}", "group": group, "text": text, "blocking": group == "child"}
        for n, (group, text) in enumerate(drafts, start=1)
    ] + [
        {"id": f"cy-{n:04d}", "group": group, "text": text, "blocking": group == "child"}
        for n, (group, text) in enumerate(welsh, start=1)
    ]


def staff_name_child_count() -> int:
    """How many child posts use a staff first name for the child or family member (marked "* ")."""
    return sum(1 for p in posts(CHILD) if p.startswith("* "))


def dumps(row: dict[str, object]) -> str:
    # Keep emoji and full-width digits readable, but write invisible characters as escapes.
    return json.dumps(row, ensure_ascii=False).replace(ZW, "\\u200b").replace("\u200d", "\\u200d")


def check_marked_posts() -> None:
    """Every post marked "* " must really use a staff first name."""
    pattern = re.compile(r"(?<![a-z])(?:" + "|".join(STAFF_FIRST_NAMES) + r")(?![a-z])", re.IGNORECASE)
    missing = [p for p in posts(CHILD) if p.startswith("* ") and not pattern.search(p)]
    if missing:
        raise SystemExit(f"marked posts without a staff first name: {missing}")


def main() -> None:
    check_marked_posts()
    rows = build()
    OUT.write_text("".join(dumps(r) + "\n" for r in rows), encoding="utf-8")


if __name__ == "__main__":
    main()
