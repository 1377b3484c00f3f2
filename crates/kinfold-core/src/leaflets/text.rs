//! The words of every leaflet and letter Kinfold prints, written by us in plain English.
//!
//! Written for a tired parent with a reading age of about 11: short sentences, short words,
//! "you" and "your baby". Keep each leaflet at Flesch-Kincaid grade 6 or lower and under 450
//! words. Bump a leaflet's `version` whenever its words change.

use super::{Block, LeafletText, LetterText};
use crate::pack::Leaflet;

pub(super) const ALL: &[LeafletText] = &[
    OVERNIGHT_CHECKLIST,
    SAFER_SLEEP,
    CRYING,
    HANDLING,
    FEEDING,
    CAR_SEATS,
    LOCAL_SUPPORT,
];

const OVERNIGHT_CHECKLIST: LeafletText = LeafletText {
    leaflet: Leaflet::OvernightChecklist,
    version: "1",
    title: "Having {baby} to stay overnight",
    summary: "Use this list to get ready before {baby} comes to stay with you.",
    blocks: &[
        Block::Para(
            "Having {baby} to stay is a special time. A little planning makes the night safer \
             and calmer for you both. Tick each box when it is done.",
        ),
        Block::Heading("Before {baby} comes"),
        Block::Checklist(&[
            "{baby} has a clear cot or travel cot of their own.",
            "The cot is in the room where I will sleep.",
            "I know what milk {baby} has, how much and when.",
            "I have enough bottles, milk and kit to sterilise them.",
            "I know about any medicines or allergies.",
            "I know when {baby} last had a dose of any medicine.",
            "I have a plan for when {baby} cries, and a person I can call.",
            "My home and car are smoke free.",
            "The car seat is fitted and I have checked it.",
            "I have written down the numbers to call for help.",
            "I have written down {baby}'s NHS number and GP.",
            "I know when and where I will hand {baby} back.",
            "We will swap notes on feeds, sleep and nappies at handover.",
        ]),
        Block::Heading("Before every sleep"),
        Block::Checklist(&[
            "{baby} is on their back.",
            "Their feet are at the foot of the cot.",
            "There is nothing loose in the cot, like pillows, toys or bumpers.",
            "{baby} is not too hot or too cold.",
        ]),
        Block::Heading("Write it down"),
        Block::WriteIn(&[
            "Where {baby} will sleep",
            "Feeds: what, how much, how often",
            "Medicines and allergies",
            "Time of the last dose of medicine",
            "Person I will call if I need a break",
            "{baby}'s NHS number: {nhs_number}",
            "{baby}'s GP",
            "Handover time and place",
        ]),
        Block::Heading("Handing {baby} back"),
        Block::Para(
            "When you hand {baby} back, tell the other parent how the night went. Say when \
             {baby} last fed and slept. Say when you last changed a nappy. Ask them to do the \
             same when they hand {baby} to you.",
        ),
        Block::Heading("Help and advice"),
        Block::Para(
            "You can call {baby}'s health visiting team with any questions. Their details are \
             below.",
        ),
        Block::ClinicContacts,
        Block::Callout(
            "Call NHS 111 for advice, day or night. Call 999 if {baby} is not breathing, is \
             floppy or blue, or will not wake.",
        ),
    ],
};

const SAFER_SLEEP: LeafletText = LeafletText {
    leaflet: Leaflet::SaferSleep,
    version: "1",
    title: "Safer sleep for your baby",
    summary: "Simple steps to help your baby sleep safely, day and night.",
    blocks: &[
        Block::Para(
            "Follow these steps each time your baby sleeps, for naps and at night. They lower \
             the risk of sudden infant death, also called cot death. They matter in every home \
             where your baby stays.",
        ),
        Block::Heading("On their back, every sleep"),
        Block::Para(
            "Lay your baby down on their back for every sleep. Put their feet at the foot of \
             the cot. Then they cannot wriggle down under the covers.",
        ),
        Block::Para(
            "Later on, your baby may roll over on their own. You do not need to turn them \
             back. Just keep laying them down on their back to sleep.",
        ),
        Block::Heading("A clear, flat, firm space"),
        Block::Bullets(&[
            "Use a cot, a Moses basket or a sturdy travel cot.",
            "The mattress should be flat and firm, and fit with no gaps.",
            "Do not add extra padding to a travel cot.",
            "Keep out pillows, bumpers, toys and loose bedding.",
            "Use a baby sleep bag, or a thin blanket tucked in at the shoulders.",
        ]),
        Block::Heading("In your room"),
        Block::Para(
            "For the first 6 months, keep your baby in your room for every sleep. This \
             means naps in the day as well as at night.",
        ),
        Block::Heading("Keep it smoke free"),
        Block::Para(
            "Keep your home and car free of smoke. Do not let anyone smoke near your baby. If \
             you smoke, go outside and well away from your baby.",
        ),
        Block::Heading("Not too hot, not too cold"),
        Block::Para("Babies can get too hot quite fast. Aim for a room of about 16 to 20 degrees."),
        Block::Bullets(&[
            "To check your baby, feel their chest or the back of their neck.",
            "Do not go by their hands or feet, as these often feel cool.",
            "If your baby is sweaty, take off a layer.",
            "Do not use hats for sleep indoors.",
        ]),
        Block::Heading("Sofas, chairs and beds"),
        Block::Para(
            "Never fall asleep with your baby on a sofa or in an armchair. This is one of the \
             most risky places for a baby to sleep. If you feel sleepy, put your baby in their \
             cot.",
        ),
        Block::Para(
            "Sharing a bed with your baby can be very risky. Never do it if any of these are \
             true.",
        ),
        Block::Bullets(&[
            "You have had any alcohol.",
            "You have taken drugs, or medicine that makes you sleepy.",
            "You are very tired.",
            "You or anyone in your home smokes.",
            "Your baby was born early or was small at birth.",
        ]),
        Block::Callout(
            "Never fall asleep with {baby} on a sofa or armchair. If you might doze off, put \
             {baby} in their cot first.",
        ),
    ],
};

const CRYING: LeafletText = LeafletText {
    leaflet: Leaflet::Crying,
    version: "1",
    title: "Coping with crying",
    summary: "Why babies cry, how to soothe them, and how to look after yourself too.",
    blocks: &[
        Block::Para(
            "All babies cry. It is how they tell you they need something. Some babies cry a \
             lot, and it can be very hard to hear. It is not your fault.",
        ),
        Block::Heading("It gets worse, then better"),
        Block::Para(
            "Crying often starts to build from about 2 weeks old. It is often at its worst at \
             around 6 to 8 weeks. After that, it slowly eases. Many babies cry more in the late \
             afternoon and evening.",
        ),
        Block::Heading("Ways to soothe your baby"),
        Block::Bullets(&[
            "Check if your baby needs a feed.",
            "Check their nappy.",
            "Check they are not too hot or too cold.",
            "Hold them close to your chest.",
            "Walk around with them, or rock them gently.",
            "Try a calm, steady sound, like white noise or a fan.",
            "Sing or talk to them in a soft voice.",
            "Go for a walk with the pram or a sling.",
        ]),
        Block::Para(
            "You do not need to go for a drive. Never drive when you are very tired. Sometimes \
             nothing works, and that is normal too. If your baby seems unwell, or the cry \
             sounds different, call NHS 111 or your GP.",
        ),
        Block::Heading("If you feel stressed"),
        Block::Para(
            "It is OK to feel upset or angry when the crying will not stop. What matters is \
             what you do next. Put your baby down on their back in their cot. Then step out of \
             the room for a few minutes.",
        ),
        Block::Para(
            "Your baby is safe in the cot while you take some deep breaths. Have a drink of \
             water. Go back in when you feel calmer.",
        ),
        Block::Heading("Call someone"),
        Block::Para(
            "Talk to someone you trust. This could be a friend or someone in your family. You \
             can also call the health visiting team or NHS 111. Write down who you will call.",
        ),
        Block::WriteIn(&["Person I will call if I need a break", "Their phone number"]),
        Block::Callout("Never shake a baby. Shaking can cause brain damage or death."),
        Block::Heading("Share your plan"),
        Block::Para(
            "Tell anyone who looks after {baby} about this plan. Make sure they know it is OK \
             to put the baby down and step away. Make sure they know never to shake a baby.",
        ),
    ],
};

const HANDLING: LeafletText = LeafletText {
    leaflet: Leaflet::Handling,
    version: "1",
    title: "Holding and handling your baby",
    summary: "How to hold your baby safely and keep them safe around the home.",
    blocks: &[
        Block::Para(
            "Young babies have big, heavy heads and weak necks. Their brains are soft and easy \
             to hurt. Calm, gentle handling keeps them safe.",
        ),
        Block::Heading("Support the head and neck"),
        Block::Bullets(&[
            "When you pick your baby up, slide one hand under their head and neck.",
            "Put your other hand under their bottom.",
            "Keep their head held until they can hold it up by themselves.",
            "This takes a few months, so take your time.",
        ]),
        Block::Heading("Hold them close and steady"),
        Block::Para(
            "Hold your baby close to your body. Move slowly and smoothly. Babies like calm, \
             gentle movement.",
        ),
        Block::Heading("Play gently"),
        Block::Para(
            "Play is great for your baby, but keep it gentle. Their neck is not strong enough \
             for rough play yet.",
        ),
        Block::Bullets(&[
            "Never throw your baby in the air, even to catch them in fun.",
            "Never swing your baby round or by their arms or legs.",
            "Do not jiggle or bounce them hard.",
        ]),
        Block::Callout("Never shake a baby, for any reason. Shaking can cause brain damage or death."),
        Block::Para(
            "If you feel stressed or angry, put your baby down on their back in their cot. Then \
             step away for a few minutes. The leaflet on crying has more help.",
        ),
        Block::Heading("Around the home"),
        Block::Bullets(&[
            "Take care on stairs. Keep one hand free for the rail.",
            "Do not carry other things on the stairs while you carry your baby.",
            "Do not hold a hot drink while you hold your baby. Put the drink down out of reach first.",
            "Never leave your baby alone on a bed, sofa or changing table. Babies can wriggle off.",
            "If you can, change nappies on a mat on the floor.",
        ]),
        Block::Heading("Passing your baby to someone"),
        Block::Para(
            "Sit down before you pass {baby} to someone else. This is most of all true if they \
             are a child or an older person. Make sure they have a firm hold before you let go.",
        ),
    ],
};

const FEEDING: LeafletText = LeafletText {
    leaflet: Leaflet::Feeding,
    version: "1",
    title: "Feeding your baby",
    summary: "How to give feeds safely when your baby is with you.",
    blocks: &[
        Block::Para(
            "Small babies need to feed often, day and night. Many feed about every 2 to 3 \
             hours. Some feed more often than that, and this is normal.",
        ),
        Block::Heading("Follow the feed plan"),
        Block::Para(
            "Ask {baby}'s other parent what milk your baby has, how much, and how often. Stick \
             to the same plan while your baby is with you. This keeps your baby settled and well \
             fed.",
        ),
        Block::Heading("Clean bottles"),
        Block::Para(
            "Wash bottles and teats in hot soapy water after each feed. Then sterilise them \
             before you use them again. You can use a steriliser, or boil them in a pan.",
        ),
        Block::Heading("Making up a formula feed"),
        Block::Bullets(&[
            "Wash your hands and wipe the worktop.",
            "Boil fresh tap water in the kettle.",
            "Leave it to cool for no more than 30 minutes. Then it is still at least 70 degrees, hot enough to kill germs.",
            "Pour the water into the bottle first, then add the powder.",
            "Use the scoop from the tin. Follow the guide on the tin for how much.",
            "Put the lid on the bottle and shake it well.",
            "Cool the bottle under a cold tap.",
            "Test a few drops on the inside of your wrist. It should feel warm, not hot.",
            "Throw away any milk your baby does not finish. Use a made up feed within 2 hours.",
        ]),
        Block::Heading("Breast milk"),
        Block::Para(
            "Breast milk can be kept in the back of the fridge. Keep it in a clean, sealed \
             bottle or bag.",
        ),
        Block::Para(
            "To warm it, stand the bottle in a jug of warm water. Do not use a microwave, as it \
             can make hot spots that burn.",
        ),
        Block::Heading("During a feed"),
        Block::Bullets(&[
            "Hold your baby close and fairly upright, with their head held.",
            "Let your baby take breaks. Stop if they turn away or seem full.",
            "Wind your baby during and after the feed.",
            "To wind, hold them upright and gently pat or rub their back.",
        ]),
        Block::Callout(
            "Never prop up a bottle or leave your baby alone with a bottle. Your baby could \
             choke.",
        ),
    ],
};

const CAR_SEATS: LeafletText = LeafletText {
    leaflet: Leaflet::CarSeats,
    version: "1",
    title: "Car seats and travel",
    summary: "How to keep your baby safe on every car trip.",
    blocks: &[
        Block::Para(
            "Your baby needs a proper baby car seat for every trip, even short ones. Never hold \
             your baby on your lap in a car. Make sure the seat is fitted before {baby} comes to \
             stay.",
        ),
        Block::Heading("The right seat"),
        Block::Bullets(&[
            "Use a rear-facing seat, so your baby faces the back of the car.",
            "This kind of seat best protects a baby's head, neck and back in a crash.",
            "Check the seat is the right one for your baby's size and your car.",
            "Do not use a second-hand seat unless you know it has never been in a crash.",
        ]),
        Block::Callout(
            "Never put a rear-facing baby seat in a front seat with an active airbag. If the \
             airbag goes off, it can badly hurt or kill your baby.",
        ),
        Block::Heading("Fit it before you go"),
        Block::Bullets(&[
            "Fit the seat before the day of the trip, when you are not rushed.",
            "Follow the maker's guide for your seat and your car.",
            "Push and pull the seat once it is in. It should not tip, slide or move much.",
            "Check it again before every trip.",
        ]),
        Block::Heading("Strap in snugly"),
        Block::Bullets(&[
            "The harness should be snug. You should fit no more than two fingers under the straps.",
            "Take off thick coats and snowsuits before you strap your baby in.",
            "Thick clothes stop the straps from holding your baby tight enough.",
            "If your baby feels cold, tuck a blanket over the straps.",
        ]),
        Block::Heading("On the road"),
        Block::Bullets(&[
            "On long trips, stop for a break at least every 2 hours.",
            "On breaks, take your baby out of the seat so they can stretch out.",
            "If you can, have another adult sit in the back with your baby.",
        ]),
        Block::Heading("Sleeping in the car seat"),
        Block::Para(
            "Babies should not sleep in a car seat for long stretches out of the car. Their \
             head can drop forward, which can make it hard to breathe. When you arrive, lift \
             your baby out. Lay them on their back in their cot.",
        ),
    ],
};

const LOCAL_SUPPORT: LeafletText = LeafletText {
    leaflet: Leaflet::LocalSupport,
    version: "1",
    title: "Help and support near you",
    summary: "Who to call for help, advice or a chat about your baby.",
    blocks: &[
        Block::Para(
            "Looking after a baby is hard work. Everyone needs help at times. Here is who you \
             can call.",
        ),
        Block::Heading("Your health visiting team"),
        Block::Para(
            "Health visitors help families with babies and young children. You can ask them \
             about sleep, feeding, crying, growth, or how you are feeling. They can also tell \
             you about groups near you.",
        ),
        Block::ClinicContacts,
        Block::Heading("Your GP"),
        Block::Para(
            "Call the GP if you are worried about your baby's health. Use the GP when it is \
             not an emergency. Your own GP can help with your health too, including your mood.",
        ),
        Block::Heading("NHS 111"),
        Block::Para(
            "Call 111 for urgent advice when you are not sure what to do. You can call day or \
             night, and it is free. You can also use the NHS 111 website.",
        ),
        Block::Heading("999 in an emergency"),
        Block::Callout(
            "Call 999 if your baby is not breathing, is floppy or blue, or will not wake.",
        ),
        Block::Heading("Groups and helplines"),
        Block::Para(
            "There are baby groups, parent groups and helplines that can help. Ask the team \
             about what is near you.",
        ),
        Block::LocalServices,
        Block::Heading("Dads and partners are welcome"),
        Block::Para(
            "If you do not live with {baby}, you still matter a great deal in their life. You \
             are welcome at health visitor visits and clinics. You can call the team yourself \
             with any questions. You do not need to go through the other parent.",
        ),
        Block::Heading("Your own health"),
        Block::Para(
            "Being a parent can be hard on your mood. If you feel low, worried or alone, you \
             are not the only one. Talk to your GP or health visitor. Help is there for dads \
             and partners too.",
        ),
    ],
};

pub const COVER_LETTER: LetterText = LetterText {
    version: "1",
    heading: "Information for you about {baby}",
    paragraphs: &[
        "We are the health visiting team at {clinic}. We work with families who have babies \
         and young children.",
        "We send this pack to everyone who looks after {baby}, who is now {age}. We hope it \
         helps.",
        "The leaflets give tips on sleep, crying and keeping {baby} safe. There is also a \
         checklist to use when {baby} stays with you.",
        "If you have any questions, please call us on {team_phone}. We would be glad to meet \
         you too.",
    ],
};

pub const JOINT_APPOINTMENT_LETTER: LetterText = LetterText {
    version: "1",
    heading: "An invitation to meet us",
    paragraphs: &[
        "We would like to invite you to meet {baby}'s health visitor. You could come with \
         {baby}'s other parent, if that suits you both. Or you can come on your own.",
        "It is a chance to ask any questions you have about {baby}, who is now {age}. You can \
         talk about sleep, feeding, crying or anything else.",
        "Please call us on {team_phone} to choose a time. If it is easier, we can talk on the \
         phone instead.",
    ],
};
